package org.web4.rtt.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.web4.rtt.wire.NoiseMessageStream;

/**
 * The handlers of every RTT channel, from the socket up (docs/adr/1104):
 *
 * <ol>
 *   <li>flush consolidation: frames written in a burst leave in one system call;
 *   <li>the length prefix: each Noise message is preceded by its length as a 2-byte big-endian
 *       number (spec/rtt.md §2, RTT-WIRE-001), read and written on the event loop;
 *   <li>{@link FrameEncoder} (once the handshake completed): sequence numbers and encryption of the
 *       frames this side sends, on the event loop;
 *   <li>{@link RttChannelHandler}: hands each message to the connection's session executor, which
 *       runs the handshake, then the connection's frame rules.
 * </ol>
 */
final class RttPipeline {
  static final String SESSION = "rtt-session";
  static final String FRAMES = "rtt-frames";

  /** Messages written in a row before a flush is forced. */
  private static final int FLUSH_AFTER = 64;

  private RttPipeline() {}

  static void install(Channel channel, RttChannelHandler session) {
    ChannelPipeline p = channel.pipeline();
    p.addLast("rtt-flush", new FlushConsolidationHandler(FLUSH_AFTER, true));
    p.addLast(
        "rtt-length-decoder",
        new LengthFieldBasedFrameDecoder(2 + NoiseMessageStream.MAX_MESSAGE, 0, 2, 0, 2));
    p.addLast("rtt-length-prepender", new LengthFieldPrepender(2));
    p.addLast(SESSION, session);
  }
}
