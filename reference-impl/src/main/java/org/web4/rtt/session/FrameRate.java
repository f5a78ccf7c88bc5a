package org.web4.rtt.session;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How many frames of a kind a connection received in its current period (spec/rtt.md §7): a period
 * begins with the first such frame received on the connection, and with the first received after
 * the last period ended, and lasts 10 s on the endpoint's clock; one frame more than the budget in
 * a period is refused. Two budgets: PINGs [RTT-LIM-007] (docs/adr/1206) and every frame the windows
 * do not bound [RTT-LIM-011] (docs/adr/1209). Used from the connection's session executor only.
 */
final class FrameRate {
  /** The PINGs a period may hold [RTT-LIM-007]. */
  static final int PINGS_PER_PERIOD = 1000;

  /** The frames other than DATA, CREDIT and an advancing ACK a period may hold [RTT-LIM-011]. */
  static final int CONTROL_FRAMES_PER_PERIOD = 10_000;

  /** How long a period lasts on the endpoint's clock [RTT-LIM-007, RTT-LIM-011]. */
  static final Duration PERIOD = Duration.ofSeconds(10);

  private final int budget;
  private final boolean unlimited;
  private @Nullable Instant periodStart;
  private int inPeriod;

  /**
   * @param budget the frames a period may hold
   * @param unlimited true for {@code Deviation.NO_PING_LIMIT} or {@code
   *     Deviation.NO_CONTROL_FRAME_LIMIT} (testing the kit only): every frame is taken
   */
  FrameRate(int budget, boolean unlimited) {
    this.budget = budget;
    this.unlimited = unlimited;
  }

  /** The budget of this rate, for the refusal's text. */
  int budget() {
    return budget;
  }

  /** Counts a frame received at {@code now}; false when it is one too many for its period. */
  boolean admit(Instant now) {
    Instant start = periodStart;
    if (start == null || Duration.between(start, now).compareTo(PERIOD) >= 0) {
      periodStart = now;
      inPeriod = 0;
    }
    inPeriod++;
    return unlimited || inPeriod <= budget;
  }
}
