package org.web4.conformance.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.HarnessException;

/**
 * The implementation's held clock in one scenario (spec/harness.md §4.9, HAR-CLK-002): what {@code
 * clock/hold} answered and what every {@code clock/advance} after it answered, whichever step class
 * moved the clock. A held clock moves only by {@code clock/advance}, so its reading is known
 * exactly: a scenario can stand one second before a boundary and stay there however slow its steps.
 */
public final class HeldClock {
  private final World world;
  private @Nullable Instant heldAt;
  private @Nullable Instant reading;
  private boolean listening;

  private final HarnessClient.StateListener listener =
      new HarnessClient.StateListener() {
        @Override
        public void reset() {
          synchronized (HeldClock.this) {
            heldAt = null;
            reading = null;
          }
        }

        @Override
        public void clockAdvanced(Instant now) {
          synchronized (HeldClock.this) {
            if (reading != null) {
              reading = now;
            }
          }
        }

        @Override
        public void clockHeld(Instant now) {
          synchronized (HeldClock.this) {
            if (heldAt == null) {
              heldAt = now;
            }
            reading = now;
          }
        }
      };

  public HeldClock(World world) {
    this.world = world;
  }

  /**
   * {@code POST clock/hold}; the implementation is reset when the scenario ends, which returns its
   * clock to real time.
   */
  void hold() throws HarnessException {
    world.resetAtEnd();
    HarnessClient harness = world.harness();
    if (!listening) {
      listening = true;
      harness.listen(listener);
      world.closeAtEnd(() -> harness.unlisten(listener));
    }
    world.record(harness.holdClock());
  }

  /** The implementation's clock now, when the scenario holds it. */
  synchronized Optional<Instant> reading() {
    return Optional.ofNullable(reading);
  }

  /** How far the clock has moved since the scenario held it, when it holds it. */
  synchronized Optional<Duration> sinceHeld() {
    Instant h = heldAt;
    Instant r = reading;
    return h == null || r == null ? Optional.empty() : Optional.of(Duration.between(h, r));
  }
}
