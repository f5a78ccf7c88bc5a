package org.web4.rtt.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * What a connection sends: frames go to the socket through its event loop ({@link FrameEncoder}
 * numbers and encrypts them there), and DATA only as far as the peer's credit allows
 * [RTT-FLOW-001]. Any thread may send; nothing here blocks.
 */
final class OutboundFrames {
  /**
   * Frames (PONG, CREDIT, DATA, …) written but not yet on the wire; more means the peer is not
   * reading and cannot be served.
   */
  static final int MAX_OUTBOUND_FRAMES = 4096;

  private final Channel channel;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong completed = new AtomicLong();
  private final ChannelFutureListener written;

  /**
   * @param writeFailed told when a frame could not be written (the connection is broken)
   */
  OutboundFrames(Channel channel, Consumer<Throwable> writeFailed) {
    this.channel = channel;
    this.written =
        future -> {
          pending.decrementAndGet();
          completed.incrementAndGet();
          if (!future.isSuccess()) {
            writeFailed.accept(future.cause());
          }
        };
  }

  /**
   * Queues one frame for the socket.
   *
   * @return false when {@link #MAX_OUTBOUND_FRAMES} are waiting already: the peer does not read
   */
  boolean enqueue(FrameType type, int flags, int channelId, byte[] body) {
    return enqueue(type, flags, channelId, ByteBuffer.wrap(body));
  }

  /** Queues one frame whose body is a view of bytes nobody changes any more. */
  private boolean enqueue(FrameType type, int flags, int channelId, ByteBuffer body) {
    if (pending.incrementAndGet() > MAX_OUTBOUND_FRAMES) {
      pending.decrementAndGet();
      return false;
    }
    var unused =
        channel.writeAndFlush(new OutboundFrame(type, flags, channelId, body)).addListener(written);
    return true;
  }

  /** Queues a frame of a type outside Table 4 (RESUME, docs/drafts/rtt-resume.md §4.2). */
  boolean enqueueRaw(RawOutboundFrame frame) {
    if (pending.incrementAndGet() > MAX_OUTBOUND_FRAMES) {
      pending.decrementAndGet();
      return false;
    }
    var unused = channel.writeAndFlush(frame).addListener(written);
    return true;
  }

  /** FIN after everything queued so far; what is queued later is dropped. */
  void finish() {
    var unused = channel.writeAndFlush(OutboundFrame.FINISH);
  }

  /**
   * Sends what a channel's queue holds, fragmented into DATA frames, as far as its send window
   * allows; the caller holds the channel's lock.
   *
   * @return false when the peer does not read (see {@link #enqueue})
   */
  boolean drain(ChannelState ch) {
    // a send that a block policy holds waits on the channel's lock for room [RTT-BP-004]
    ch.notifyAll();
    while (!ch.sendQueue.isEmpty()) {
      ByteBuffer rest = ch.sendQueue.peek();
      int n = (int) Math.min(Math.min(rest.remaining(), Frame.MAX_BODY), ch.sendWindow);
      if (n == 0 && rest.hasRemaining()) {
        return true;
      }
      ch.sendWindow -= n;
      // The fragment is a view of the queued message, not a copy (docs/adr/1106).
      ByteBuffer fragment = rest.slice(rest.position(), n);
      rest.position(rest.position() + n);
      boolean last = !rest.hasRemaining();
      if (last) {
        ch.sendQueue.poll();
      }
      if (!enqueue(FrameType.DATA, last ? Frame.FLAG_FIN : 0, ch.id, fragment)) {
        return false;
      }
    }
    return true;
  }

  /** Frames written and not yet on the wire. */
  int pending() {
    return pending.get();
  }

  /** Frames whose write completed (on the wire or failed), since the connection began. */
  long written() {
    return completed.get();
  }
}
