package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The reconnect schedule of draft §6: its bounds, full jitter within them, and replay by seed. */
class ReconnectTest {
  @Test
  void theBoundDoublesFrom250MillisecondsUpTo15Seconds() {
    assertThat(Reconnect.bound(0)).isEqualTo(Duration.ofMillis(250));
    assertThat(Reconnect.bound(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(Reconnect.bound(5)).isEqualTo(Duration.ofMillis(8_000));
    assertThat(Reconnect.bound(6)).isEqualTo(Duration.ofSeconds(15));
    assertThat(Reconnect.bound(40)).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void everyDelayIsWithinItsBoundAndAtLeastSevenAttemptsFitInTheRetentionTime() {
    Reconnect r = new Reconnect(18);
    Duration worst = Duration.ZERO;
    for (int k = 0; k < 7; k++) {
      Duration d = r.nextDelay();
      assertThat(d).isBetween(Duration.ZERO, Reconnect.bound(k));
      worst = worst.plus(Reconnect.bound(k));
    }
    assertThat(worst).isLessThan(SessionTable.RETENTION);
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndResetStartsAgain() {
    Reconnect a = new Reconnect(7);
    Reconnect b = new Reconnect(7);
    for (int k = 0; k < 20; k++) {
      assertThat(a.nextDelay()).isEqualTo(b.nextDelay());
    }
    a.reset();
    assertThat(a.attempts()).isZero();
    assertThat(a.nextDelay()).isLessThanOrEqualTo(Duration.ofMillis(250));
  }

  @Test
  void theDelaysSpreadOverTheWholeInterval() {
    Reconnect r = new Reconnect(1);
    long below = 0;
    long above = 0;
    for (int i = 0; i < 1_000; i++) {
      r.reset();
      long ms = r.nextDelay().toMillis();
      below += ms < 125 ? 1 : 0;
      above += ms >= 125 ? 1 : 0;
    }
    assertThat(below).isBetween(400L, 600L); // uniform on [0, 250]: about half each side
    assertThat(above).isBetween(400L, 600L);
  }
}
