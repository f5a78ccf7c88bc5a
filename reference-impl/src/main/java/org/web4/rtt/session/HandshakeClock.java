package org.web4.rtt.session;

import io.netty.channel.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;

/**
 * The handshakes in progress of an {@link RttEndpoint}, accepted or dialled, and when each began:
 * the handshake timeout [RTT-LIM-001] on the injected clock.
 *
 * <p>A handshake that completed is marked {@link #FINISHED} before its connection starts: the
 * timeout applies only to an entry that is not finished, and the timer closes a channel only when
 * it removed that entry itself ({@link #timeOut}). Exactly one of the two wins, so a connection
 * that completed its handshake is never closed as a late handshake, however long its listener
 * takes. The entry stays until the connection started so that {@link #closeAll} still ends it.
 */
final class HandshakeClock {
  /** A handshake that completed; its connection is being started. */
  private static final Instant FINISHED = Instant.MAX;

  private final Map<Channel, Instant> started = new ConcurrentHashMap<>();

  void began(Channel channel, Instant at) {
    started.put(channel, at);
  }

  /**
   * Marks the handshake finished.
   *
   * @return false when the timer timed the handshake out first (it closed the channel)
   */
  boolean finish(Channel channel) {
    return started.computeIfPresent(channel, (c, at) -> FINISHED) != null;
  }

  /**
   * The handshake's entry goes.
   *
   * @return false when it was gone already (the timer or {@link #closeAll} closed the channel)
   */
  boolean remove(Channel channel) {
    return started.remove(channel) != null;
  }

  /** How many are still in the handshake. */
  int inProgress() {
    return (int) started.values().stream().filter(at -> !at.equals(FINISHED)).count();
  }

  /** Ends every handshake in progress; none is counted when this returns. */
  void closeAll() {
    for (Channel channel : Set.copyOf(started.keySet())) {
      started.remove(channel);
      var unused = channel.close();
    }
  }

  /** Handshake timeout: 10 s from the TCP accept (or connect) to message 3 [RTT-LIM-001]. */
  void timeOut(Instant now, RttEvent.Sink events) {
    started.forEach(
        (channel, at) -> {
          // The timer owns the channel only if it takes the entry (see finish).
          if (!at.equals(FINISHED)
              && Duration.between(at, now).compareTo(RttLimits.HANDSHAKE_TIMEOUT) >= 0
              && started.remove(channel, at)) {
            events.accept(
                new RttEvent(
                    now,
                    "rtt.handshake.failed",
                    RttHandshake.label(channel.localAddress(), channel.remoteAddress()),
                    Map.of("reason", "TIMEOUT", "text", "no handshake within 10 s")));
            var unused = channel.close();
          }
        });
  }
}
