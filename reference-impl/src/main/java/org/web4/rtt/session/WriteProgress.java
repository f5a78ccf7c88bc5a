package org.web4.rtt.session;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether the transport still accepts what a connection writes [RTT-LIM-008, RTT-LIM-009]
 * (spec/rtt.md §7, docs/adr/1207): bytes wait to be written while frames are queued and not yet on
 * the wire; the transport made progress when a frame's write completed or part of the frame being
 * written left. Progress is recorded on the endpoint's clock when a tick sees it, so a peer that
 * stops reading is seen 30 s after its last byte was accepted. Read from the endpoint's timer.
 */
final class WriteProgress {
  /** How long bytes may wait without the transport accepting any of them [RTT-LIM-008]. */
  static final Duration STALL = Duration.ofSeconds(30);

  private final Channel channel;
  private final OutboundFrames out;
  private Instant lastProgress;
  private long lastWritten = -1;
  private long lastPartial = -1;

  WriteProgress(Channel channel, OutboundFrames out, Instant now) {
    this.channel = channel;
    this.out = out;
    this.lastProgress = now;
  }

  /** Whether frames wait to be written (the transport has not taken all of them). */
  boolean waiting() {
    return out.pending() > 0;
  }

  /**
   * Looks at the connection's writes at {@code now}: true when bytes wait and the transport
   * accepted none of them for {@link #STALL}.
   */
  synchronized boolean stalled(Instant now) {
    long written = out.written();
    long partial = partialProgress();
    if (!waiting() || written != lastWritten || partial != lastPartial) {
      lastProgress = now;
    }
    lastWritten = written;
    lastPartial = partial;
    return waiting() && Duration.between(lastProgress, now).compareTo(STALL) >= 0;
  }

  /**
   * The connection begins to close at {@code now}: the transport gets {@link #STALL} from now to
   * take what waits before the connection may end in the middle of it [RTT-LIM-009].
   */
  synchronized void closingBegins(Instant now) {
    lastProgress = now;
  }

  /** How far the write of the frame at the head of the outbound buffer got (a racy read). */
  private long partialProgress() {
    ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
    return buffer == null ? 0 : buffer.currentProgress();
  }
}
