package org.web4.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The agent's clock held still (spec/harness.md HAR-CLK-002): real time is a clock the test moves,
 * so nothing here waits or depends on timing.
 */
class AdjustableClockTest {
  /** A base clock that moves only when the test says so. */
  private static final class RealTime extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00.000123456Z");

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  private final RealTime real = new RealTime();
  private final AdjustableClock clock = new AdjustableClock(real);

  @Test
  void aRunningClockFollowsRealTimePlusWhatWasAdvanced() {
    clock.advance(Duration.ofSeconds(60));
    real.now = real.now.plusSeconds(5);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:01:05.000123456Z"));
  }

  @Test
  void aHeldClockMovesOnlyByAdvanceAndIsHeldAtAWholeMillisecond() {
    clock.advance(Duration.ofSeconds(10));
    Instant held = clock.hold();
    assertThat(held).isEqualTo(Instant.parse("2026-01-01T00:00:10Z"));
    real.now = real.now.plusSeconds(7);
    assertThat(clock.instant()).isEqualTo(held);
    assertThat(clock.advance(Duration.ofSeconds(86_399)))
        .isEqualTo(held.plusSeconds(86_399))
        .isEqualTo(clock.instant());
  }

  @Test
  void holdingAHeldClockChangesNothing() {
    Instant held = clock.hold();
    real.now = real.now.plusSeconds(2);
    assertThat(clock.hold()).isEqualTo(held);
    assertThat(clock.held()).isTrue();
  }

  @Test
  void aResetReturnsToRealTime() {
    clock.hold();
    clock.advance(Duration.ofSeconds(60));
    real.now = real.now.plusSeconds(4);
    clock.resetOffset();
    assertThat(clock.held()).isFalse();
    assertThat(clock.instant()).isEqualTo(real.now);
  }
}
