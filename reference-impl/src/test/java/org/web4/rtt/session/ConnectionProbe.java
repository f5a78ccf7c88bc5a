package org.web4.rtt.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.AtomicBoolean;

/** What tests of other packages read of a connection's insides (for barriers, not for verdicts). */
public final class ConnectionProbe {
  private ConnectionProbe() {}

  /** Bytes of unfinished messages the connection holds. */
  public static long unfinishedBytes(RttConnection c) {
    return c.unfinishedBytes();
  }

  /** Frames processed from the peer. */
  public static long framesReceived(RttConnection c) {
    return c.in.framesReceived();
  }

  /**
   * Ends the connection abruptly (closed without GOAWAY, as when its socket dies) and runs {@code
   * inTheMoment} in the moment of docs/adr/1418: after the connection stopped taking sends (CLOSED)
   * and before it told its session. No sleep: {@link RttConnection#close} runs on the connection's
   * event loop, so the transport channel's close passes through a handler placed in its pipeline
   * synchronously, between the two. Returns at once; the caller waits with {@code awaitClosed}.
   */
  public static void endAbruptlyRunningInTheMoment(RttConnection c, Runnable inTheMoment) {
    AtomicBoolean ran = new AtomicBoolean();
    c.transportChannel()
        .pipeline()
        .addLast(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void close(ChannelHandlerContext ctx, ChannelPromise promise)
                  throws Exception {
                if (ran.compareAndSet(false, true)) {
                  inTheMoment.run();
                }
                super.close(ctx, promise);
              }
            });
    c.transportChannel().eventLoop().execute(c::close);
  }
}
