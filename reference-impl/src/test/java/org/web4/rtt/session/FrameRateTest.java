package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The periods of the frame rate limits [RTT-LIM-007, RTT-LIM-011], on a clock the test moves. */
class FrameRateTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void theThousandAndFirstPingOfAPeriodIsRefused() {
    FrameRate rate = pings(false);
    for (int i = 0; i < FrameRate.PINGS_PER_PERIOD; i++) {
      assertThat(rate.admit(T0.plusMillis(i))).isTrue();
    }
    assertThat(rate.admit(T0.plusSeconds(9))).isFalse();
  }

  @Test
  void aPeriodEndsTenSecondsAfterItsFirstPing() {
    FrameRate rate = pings(false);
    Instant start = T0.plusSeconds(3); // the period begins with the first PING, not at T0
    for (int i = 0; i < FrameRate.PINGS_PER_PERIOD; i++) {
      assertThat(rate.admit(start)).isTrue();
    }
    assertThat(rate.admit(start.plus(FrameRate.PERIOD))).isTrue(); // a new period
    Instant second = start.plus(FrameRate.PERIOD);
    for (int i = 1; i < FrameRate.PINGS_PER_PERIOD; i++) {
      assertThat(rate.admit(second.plus(Duration.ofSeconds(9)))).isTrue();
    }
    assertThat(rate.admit(second.plus(Duration.ofSeconds(9)))).isFalse();
  }

  @Test
  void theDeviationAnswersEveryPing() {
    FrameRate rate = pings(true);
    for (int i = 0; i <= 2 * FrameRate.PINGS_PER_PERIOD; i++) {
      assertThat(rate.admit(T0)).isTrue();
    }
  }

  @Test
  void theTenThousandAndFirstControlFrameOfAPeriodIsRefused() {
    FrameRate rate = new FrameRate(FrameRate.CONTROL_FRAMES_PER_PERIOD, false);
    for (int i = 0; i < FrameRate.CONTROL_FRAMES_PER_PERIOD; i++) {
      assertThat(rate.admit(T0.plusNanos(i * 900_000L))).isTrue(); // all within 9 s
    }
    assertThat(rate.admit(T0.plusSeconds(9))).isFalse();
    assertThat(rate.budget()).isEqualTo(10_000);
  }

  private static FrameRate pings(boolean unlimited) {
    return new FrameRate(FrameRate.PINGS_PER_PERIOD, unlimited);
  }
}
