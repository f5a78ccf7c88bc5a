package org.web4.conformance.judge;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The runner's model of the implementation's clock: moved by {@code clock/advance}, held by {@code
 * clock/hold} (HAR-CLK-002), back to real time at {@code reset}. The tester clock is one the test
 * moves, so nothing here depends on timing.
 */
class IutClockTest {
  private static final class TesterTime extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

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

  private final TesterTime tester = new TesterTime();
  private final IutClock clock = new IutClock(tester);

  @Test
  void anAdvancedClockRunsWithTheTesterClock() {
    clock.clockAdvanced(tester.now.plusSeconds(60));
    tester.now = tester.now.plusSeconds(5);
    assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:01:05Z"));
  }

  @Test
  void aHeldClockReadsWhatTheHarnessLastAnswered() {
    Instant held = tester.now.plusMillis(3);
    clock.clockHeld(held);
    tester.now = tester.now.plusSeconds(7);
    assertThat(clock.held()).isTrue();
    assertThat(clock.now()).isEqualTo(held);
    clock.clockAdvanced(held.plusSeconds(86_399));
    tester.now = tester.now.plusSeconds(2);
    assertThat(clock.now()).isEqualTo(held.plusSeconds(86_399));
    assertThat(clock.readingsSince(Instant.MIN)).startsWith(held.plusSeconds(86_399));
  }

  @Test
  void aResetReleasesTheHold() {
    clock.clockHeld(tester.now);
    clock.reset();
    tester.now = tester.now.plusSeconds(4);
    assertThat(clock.held()).isFalse();
    assertThat(clock.now()).isEqualTo(tester.now);
  }
}
