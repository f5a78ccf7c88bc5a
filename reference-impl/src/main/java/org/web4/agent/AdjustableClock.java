package org.web4.agent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * The agent's injected clock: a base clock plus an offset that only moves forward, so that the
 * harness can let hours of protocol time pass in an instant (spec/harness.md {@code
 * clock/advance}), and that the harness can hold still (harness 1.2, {@code clock/hold}): a held
 * clock reads the instant it was held at plus what was advanced since, whatever real time does.
 */
public final class AdjustableClock extends Clock {
  private final Clock base;

  /**
   * The offset added to the base clock, or, while held ({@code heldAt} not null), to the reading at
   * the moment of the hold.
   */
  private record State(Duration offset, @Nullable Instant heldAt) {}

  private volatile State state = new State(Duration.ZERO, null);

  public AdjustableClock(Clock base) {
    this.base = base;
  }

  /** Moves the clock forward; returns the new time. */
  public synchronized Instant advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    State s = state;
    state = new State(s.offset().plus(by), s.heldAt());
    return instant();
  }

  /**
   * [HAR-CLK-002] Stops the clock at its current reading: from now on it moves only by {@link
   * #advance}, until {@link #resetOffset}. Holding a held clock changes nothing. Returns the
   * reading.
   */
  public synchronized Instant hold() {
    State s = state;
    if (s.heldAt() == null) {
      // held at a whole millisecond, the precision of the answer's timestamp, so that the runner
      // knows the held reading exactly (HAR-CLK-002)
      state =
          new State(Duration.ZERO, base.instant().plus(s.offset()).truncatedTo(ChronoUnit.MILLIS));
    }
    return instant();
  }

  /** Whether the clock is held (HAR-CLK-002). */
  public boolean held() {
    return state.heldAt() != null;
  }

  /** Back to the base clock, no longer held (a harness {@code reset}). */
  public synchronized void resetOffset() {
    state = new State(Duration.ZERO, null);
  }

  @Override
  public Instant instant() {
    return read(state);
  }

  private Instant read(State s) {
    Instant heldAt = s.heldAt();
    return (heldAt != null ? heldAt : base.instant()).plus(s.offset());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the agent clock is UTC");
  }
}
