package org.web4.rtt.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.NoiseException;

/**
 * One RTT channel's inbound side, on its session executor: it runs the handshake's steps on the
 * Noise messages that arrive, then hands every message to the connection's frame rules. It asks the
 * event loop for the next read only when it has handled what was read (auto-read is off), so a peer
 * that sends faster than the connection handles fills its own TCP window, not this side's memory.
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

  private final Handshaking handshaking;
  private final Executor session;
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
   * Hands one Noise message to the session executor in a pooled heap buffer, where a transport
   * message is decrypted in place (docs/adr/1106); the buffer is released once it was handled. The
   * socket's direct buffer is copied once and released at once: the JDK 17 provider's AES-GCM is
   * fast on arrays only, and the length decoder gets its buffer back before the next read.
   */
  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf received = (ByteBuf) msg;
    ByteBuf message;
    try {
      message =
          received.hasArray()
              ? received.retain()
              : ctx.alloc().heapBuffer(received.readableBytes()).writeBytes(received);
    } finally {
      received.release();
    }
    try {
      session.execute(
          () -> {
            try {
              handle(ctx, message);
            } finally {
              message.release();
            }
          });
    } catch (RuntimeException e) { // the executor refused it: the JVM is shutting down
      message.release();
      throw e;
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    session.execute(ctx::read);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
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
