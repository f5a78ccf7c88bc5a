package org.web4.hcp;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * HCP pacing as pure functions (spec/hcp.md §4.4): the level of a human state with its safety flags
 * (Table 4.4a) and the combined decision for an action that reaches that human (§4.4.2, Table 4.4c;
 * replayed by {@code vectors/hcp/hcp_pacing_test.json}).
 */
public final class Pacing {
  /** "pressure ≥ 80" (79 is below it). */
  public static final int PRESSURE_THRESHOLD = 80;

  /** "clarity ≤ 30" (31 is above it). */
  public static final int CLARITY_THRESHOLD = 30;

  /** The minimum interval between two actions at level {@code slow} (Table 4.4b). */
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  /** The safety flag that slows a calm human. */
  public static final String SLOW_PACING = "slow_pacing";

  /** The combined decision of §4.4.2. */
  public enum Decision {
    ALLOW,
    SLOW,
    DEFER,
    CHECK_IN;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private Pacing() {}

  /** Table 4.4a, first matching row. */
  public static Level level(Human h, Set<String> flags) {
    boolean pressured = h.pressure() >= PRESSURE_THRESHOLD;
    boolean unclear = h.clarity() <= CLARITY_THRESHOLD;
    if (h.presence().equals("overloaded") || (pressured && unclear)) {
      return Level.DEFER;
    }
    if (pressured || unclear || flags.contains(SLOW_PACING)) {
      return Level.SLOW;
    }
    return Level.ALLOW;
  }

  /**
   * §4.4.2: {@code defer} if the level is defer; {@code check_in} if the affect is anxious or tense
   * and no check-in is confirmed; {@code slow} if the level is slow; {@code allow} otherwise.
   */
  public static Decision decide(Human h, Set<String> flags, boolean checkInConfirmed) {
    Level level = level(h, flags);
    if (level == Level.DEFER) {
      return Decision.DEFER;
    }
    if (h.needsCheckIn() && !checkInConfirmed) {
      return Decision.CHECK_IN;
    }
    return level == Level.SLOW ? Decision.SLOW : Decision.ALLOW;
  }
}
