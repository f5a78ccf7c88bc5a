package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The periods of the PING rate limit [RTT-LIM-007], on a clock the test moves. */
class PingRateTest {
  private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  @Test
  void theThousandAndFirstPingOfAPeriodIsRefused() {
    PingRate rate = new PingRate(false);
    for (int i = 0; i < PingRate.MAX_PER_PERIOD; i++) {
      assertThat(rate.admit(T0.plusMillis(i))).isTrue();
    }
    assertThat(rate.admit(T0.plusSeconds(9))).isFalse();
  }

  @Test
  void aPeriodEndsTenSecondsAfterItsFirstPing() {
    PingRate rate = new PingRate(false);
    Instant start = T0.plusSeconds(3); // the period begins with the first PING, not at T0
    for (int i = 0; i < PingRate.MAX_PER_PERIOD; i++) {
      assertThat(rate.admit(start)).isTrue();
    }
    assertThat(rate.admit(start.plus(PingRate.PERIOD))).isTrue(); // a new period
    Instant second = start.plus(PingRate.PERIOD);
    for (int i = 1; i < PingRate.MAX_PER_PERIOD; i++) {
      assertThat(rate.admit(second.plus(Duration.ofSeconds(9)))).isTrue();
    }
    assertThat(rate.admit(second.plus(Duration.ofSeconds(9)))).isFalse();
  }

  @Test
  void theDeviationAnswersEveryPing() {
    PingRate rate = new PingRate(true);
    for (int i = 0; i <= 2 * PingRate.MAX_PER_PERIOD; i++) {
      assertThat(rate.admit(T0)).isTrue();
    }
  }
}
