package org.web4.rtt.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.NoiseException;

/**
 * One RTT channel's inbound side, on its session executor: it runs the handshake's steps on the
 * Noise messages that arrive, then hands every message to the connection's frame rules.
 *
 * <p>Reading is bounded (auto-read is off): the event loop reads on while fewer than {@link
 * #READ_AHEAD} bytes it read wait for the session executor, and stops above that until the session
 * executor has caught up; a peer that sends faster than the connection handles fills its own TCP
 * window, not this side's memory. The messages of one socket read go to the session executor as one
 * task (docs/adr/1426: the socket is read while the frames before are handled, and one handoff
 * serves a read, not a message).
 */
final class RttChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RttChannelHandler.class);

  /** What the endpoint does when a handshake begins, completes or fails. */
  interface Handshaking {
    /** The TCP connection is up: the handshake's steps for this side. */
    RttHandshake.Steps begin(String label);

    /**
     * The handshake completed.
     *
     * @return the started connection, or null when the handshake timeout won (the endpoint closed
     *     the channel)
     */
    @Nullable RttConnection established(RttHandshake.Established established);

    /** This side refused the peer, or the peer refused this side. */
    void failed(RttHandshakeException failure);

    /**
     * The connection ended before the handshake completed.
     *
     * @param steps the handshake's steps (they say why), null when it ended before it began
     */
    void ended(RttHandshake.@Nullable Steps steps);
  }

  /**
   * Bytes read and not yet handled above which the event loop stops reading until the session
   * executor has handled them (docs/adr/1426): the memory a connection can hold in messages read
   * ahead is this plus one socket read.
   */
  static final int READ_AHEAD = 128 * 1024;

  private final Handshaking handshaking;
  private final Executor session;

  /** The messages of the socket read in progress (event loop only). */
  private List<ByteBuf> batch = new ArrayList<>();

  private int batchBytes;

  /** Bytes handed to the session executor and not yet handled. */
  private final AtomicInteger unhandled = new AtomicInteger();

  /** The event loop stopped reading: the session executor asks for the next read. */
  private final AtomicBoolean readHeld = new AtomicBoolean();

  private RttHandshake.@Nullable Steps steps;
  private @Nullable RttConnection connection;
  private boolean handshakeOver;

  /**
   * @param session the executor of this connection's frames: one of the shared session executors
   *     (ADR 1104), or the simulation's single thread ({@link RttRuntime#driven})
   */
  RttChannelHandler(Handshaking handshaking, Executor session) {
    this.handshaking = handshaking;
    this.session = session;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    session.execute(() -> begin(ctx));
    ctx.fireChannelActive();
  }

  /**
   * Takes one Noise message into the batch of this socket read, in a pooled heap buffer, where a
   * transport message is decrypted in place (docs/adr/1106); the buffer is released once it was
   * handled. The socket's direct buffer is copied once and released at once: the JDK 17 provider's
   * AES-GCM is fast on arrays only, and the length decoder gets its buffer back before the next
   * read.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf received = (ByteBuf) msg;
    try {
      ByteBuf message =
          received.hasArray()
              ? received.retain()
              : ctx.alloc().heapBuffer(received.readableBytes()).writeBytes(received);
      batch.add(message);
      batchBytes += message.readableBytes();
    } finally {
      received.release();
    }
  }

  /**
   * Hands the read's messages to the session executor, in order, as one task, and reads on unless
   * {@link #READ_AHEAD} bytes wait to be handled.
   */
  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    dispatch(ctx);
    if (unhandled.get() < READ_AHEAD) {
      ctx.read();
      return;
    }
    readHeld.set(true);
    // the session executor may have caught up between the check and the flag: then read here
    if (unhandled.get() < READ_AHEAD && readHeld.compareAndSet(true, false)) {
      ctx.read();
    }
  }

  private void dispatch(ChannelHandlerContext ctx) {
    if (batch.isEmpty()) {
      return;
    }
    List<ByteBuf> messages = batch;
    int bytes = batchBytes;
    batch = new ArrayList<>();
    batchBytes = 0;
    unhandled.addAndGet(bytes);
    try {
      session.execute(() -> handleAll(ctx, messages, bytes));
    } catch (RuntimeException e) { // the executor refused it: the JVM is shutting down
      messages.forEach(ByteBuf::release);
      throw e;
    }
  }

  private void handleAll(ChannelHandlerContext ctx, List<ByteBuf> messages, int bytes) {
    int i = 0;
    try {
      for (; i < messages.size(); i++) {
        ByteBuf message = messages.get(i);
        try {
          handle(ctx, message);
        } finally {
          message.release();
        }
      }
    } finally {
      for (int rest = i + 1; rest < messages.size(); rest++) {
        messages.get(rest).release();
      }
      int left = unhandled.addAndGet(-bytes);
      if (left < READ_AHEAD && readHeld.compareAndSet(true, false)) {
        ctx.read();
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    dispatch(ctx); // what the length decoder still decoded from the end of the stream
    session.execute(this::inactive);
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("RTT channel {}: {}", ctx.channel(), cause.toString());
    var unused = ctx.close();
  }

  private void begin(ChannelHandlerContext ctx) {
    RttHandshake.Steps s =
        handshaking.begin(
            RttHandshake.label(ctx.channel().localAddress(), ctx.channel().remoteAddress()));
    steps = s;
    if (s instanceof RttHandshake.Initiator initiator) {
      try {
        var unused = ctx.writeAndFlush(Unpooled.wrappedBuffer(initiator.firstMessage()));
      } catch (NoiseException e) {
        LOG.debug("RTT handshake message 1: {}", e.toString());
        var unused = ctx.close();
        return;
      }
    }
    ctx.read();
  }

  private void handle(ChannelHandlerContext ctx, ByteBuf message) {
    RttConnection c = connection;
    if (c != null) {
      c.in.onMessage(message.nioBuffer());
      return;
    }
    RttHandshake.Steps s = steps;
    if (s == null || handshakeOver) {
      return; // a refused handshake: what still comes is discarded
    }
    RttHandshake.Step step = s.onMessage(ByteBufUtil.getBytes(message));
    if (step instanceof RttHandshake.Step.Send send) {
      var unused = ctx.writeAndFlush(Unpooled.wrappedBuffer(send.message()));
    } else if (step instanceof RttHandshake.Step.Done done) {
      handshakeOver = true;
      connection = handshaking.established(done.established());
    } else if (step instanceof RttHandshake.Step.Refuse refuse) {
      handshakeOver = true;
      handshaking.failed(refuse.failure());
      byte[] last = refuse.lastMessage();
      if (last == null) {
        var unused = ctx.close();
      } else {
        // [RTT-HS-005] the closing ERROR is written before the connection closes
        var unused =
            ctx.writeAndFlush(Unpooled.wrappedBuffer(last))
                .addListener(ChannelFutureListener.CLOSE);
      }
    }
  }

  private void inactive() {
    RttConnection c = connection;
    if (c != null) {
      c.close();
    } else if (!handshakeOver) {
      handshakeOver = true;
      handshaking.ended(steps);
    }
  }
}
