package org.web4.rtt.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import java.nio.channels.ClosedChannelException;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherFunction;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * The sending half of a connection's frame codec, on the connection's event loop: it gives each
 * {@link OutboundFrame} the next sequence number [RTT-FR-002] and encrypts it with the send cipher
 * state, in the order frames reach the socket, whichever thread queued them. After {@link
 * OutboundFrame#FINISH} it sends FIN once everything before has been written (so a closing ERROR
 * reaches the peer, RTT-ERR-001) and drops what still comes.
 *
 * <p>AES-GCM reads the frame's header and its body where they are (a DATA body is a view of the
 * message the application sent) and writes the ciphertext into a pooled Netty buffer, which goes to
 * the socket as it is (docs/adr/1106). The buffer is a heap buffer: the JDK 17 provider's AES-GCM
 * is fast on arrays only, and Netty's copy into direct memory for the system call costs less than
 * what the provider loses on direct memory (measured in the ADR).
 */
final class FrameEncoder extends ChannelOutboundHandlerAdapter {
  /** Sequence numbers are unsigned 32-bit numbers; one past the last is never sent. */
  private static final long SEQUENCE_LIMIT = 0x1_0000_0000L;

  private static final byte[] NO_AD = new byte[0];

  private final CipherState sendCipher;
  private final boolean skipSequenceOne;
  private final Runnable exhausted;
  private volatile long nextSendSeq;
  private boolean finished;
  private @Nullable ChannelFuture lastWrite;
  private volatile @Nullable SessionLink session;
  private @Nullable RttConnection connection;

  /**
   * @param skipSequenceOne Deviation.SEND_SKIPPED_SEQUENCE: frame 1 is never sent
   * @param exhausted what to do when the sequence numbers are used up (close with LIMIT)
   */
  FrameEncoder(CipherState sendCipher, boolean skipSequenceOne, Runnable exhausted) {
    this.sendCipher = sendCipher;
    this.skipSequenceOne = skipSequenceOne;
    this.exhausted = exhausted;
  }

  /** Tells the session which frame carried each message's FIN (docs/drafts/rtt-resume.md §3). */
  void link(RttConnection connection, SessionLink session) {
    this.connection = connection;
    this.session = session;
  }

  /** How many frames were sent: the next sequence number. */
  long nextSendSeq() {
    return nextSendSeq;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws NoiseException {
    if (msg instanceof RawOutboundFrame raw && !finished) {
      writeRaw(ctx, raw, promise);
      return;
    }
    if (!(msg instanceof OutboundFrame frame)) {
      var unused = ctx.write(msg, promise); // a handshake message
      return;
    }
    if (finished) {
      var unused = promise.setFailure(new ClosedChannelException());
      return;
    }
    FrameType type = frame.type();
    if (type == null) { // OutboundFrame.FINISH
      finished = true;
      ctx.flush();
      ChannelFuture last = lastWrite;
      if (last == null) {
        shutdownOutput(ctx);
      } else {
        // The outbound buffer completes writes in order: when the last frame is on the wire, so
        // is everything before it.
        var unused = last.addListener((ChannelFutureListener) written -> shutdownOutput(ctx));
      }
      var unused = promise.setSuccess();
      return;
    }
    long seq = nextSendSeq;
    if (seq >= SEQUENCE_LIMIT) {
      promise.setFailure(new ClosedChannelException());
      exhausted.run();
      return;
    }
    Frame numbered = Frame.over(type, frame.flags(), frame.channel(), seq, frame.body());
    ByteBuf ciphertext = encrypt(ctx, numbered);
    nextSendSeq = seq == 0 && skipSequenceOne ? 2 : seq + 1;
    SessionLink link = session;
    RttConnection owner = connection;
    if (link != null && owner != null && type == FrameType.DATA) {
      if ((frame.flags() & 1) != 0) {
        link.finSent(owner, frame.channel(), seq);
      } else {
        link.dataBegun(owner, frame.channel());
      }
    }
    ChannelPromise sent = promise.unvoid();
    lastWrite = sent;
    var unused = ctx.write(ciphertext, sent);
  }

  /** A RESUME frame: type 0x0B, no flags, channel 0, the next sequence number (1). */
  private void writeRaw(ChannelHandlerContext ctx, RawOutboundFrame raw, ChannelPromise promise)
      throws NoiseException {
    long seq = nextSendSeq;
    byte[] body = raw.body();
    java.nio.ByteBuffer header =
        java.nio.ByteBuffer.allocate(Frame.HEADER_SIZE)
            .put((byte) raw.type())
            .put((byte) 0)
            .putShort((short) 0)
            .putInt((int) seq)
            .flip();
    int length = Frame.HEADER_SIZE + body.length + CipherFunction.TAG_LENGTH;
    ByteBuf out = ctx.alloc().heapBuffer(length, length);
    try {
      int written =
          sendCipher.encryptWithAd(
              NO_AD, header, java.nio.ByteBuffer.wrap(body), out.nioBuffer(0, length));
      out.writerIndex(written);
    } catch (NoiseException | RuntimeException e) {
      out.release();
      throw e;
    }
    nextSendSeq = seq + 1;
    ChannelPromise sent = promise.unvoid();
    lastWrite = sent;
    var unused = ctx.write(out, sent);
  }

  private ByteBuf encrypt(ChannelHandlerContext ctx, Frame frame) throws NoiseException {
    int length = Frame.HEADER_SIZE + frame.bodyLength() + CipherFunction.TAG_LENGTH;
    ByteBuf out = ctx.alloc().heapBuffer(length, length);
    try {
      int written =
          sendCipher.encryptWithAd(
              NO_AD, FrameCodec.header(frame), frame.bodyView(), out.nioBuffer(0, length));
      return out.writerIndex(written);
    } catch (NoiseException | RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static void shutdownOutput(ChannelHandlerContext ctx) {
    if (ctx.channel() instanceof DuplexChannel duplex) {
      var unused = duplex.shutdownOutput();
    }
  }
}
