package org.web4.rtt.session;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How many PINGs a connection received in its current period [RTT-LIM-007] (spec/rtt.md §7,
 * docs/adr/1206): a period begins with the first PING received on the connection, and with the
 * first PING received after the last period ended, and lasts 10 s on the endpoint's clock; the
 * 1,001st PING of a period is refused. Used from the connection's session executor only.
 */
final class PingRate {
  /** The PINGs a period may hold [RTT-LIM-007]. */
  static final int MAX_PER_PERIOD = 1000;

  /** How long a period lasts on the endpoint's clock [RTT-LIM-007]. */
  static final Duration PERIOD = Duration.ofSeconds(10);

  private final boolean unlimited;
  private @Nullable Instant periodStart;
  private int inPeriod;

  /**
   * @param unlimited true for {@code Deviation.NO_PING_LIMIT} (testing the kit only): every PING is
   *     answered (breaks RTT-LIM-007)
   */
  PingRate(boolean unlimited) {
    this.unlimited = unlimited;
  }

  /** Counts a PING received at {@code now}; false when it is one too many for its period. */
  boolean admit(Instant now) {
    Instant start = periodStart;
    if (start == null || Duration.between(start, now).compareTo(PERIOD) >= 0) {
      periodStart = now;
      inPeriod = 0;
    }
    inPeriod++;
    return unlimited || inPeriod <= MAX_PER_PERIOD;
  }
}
