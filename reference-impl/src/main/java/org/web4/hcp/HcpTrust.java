package org.web4.hcp;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * HCP social trust (spec/hcp.md §4.7) as data: the states, the events of Table 4.7a and the
 * transitions of Table 4.7b; a cell that is not listed leaves the state unchanged [HCP-TRU-001].
 * Replayed by {@code vectors/hcp/hcp_trust_test.json}.
 */
public final class HcpTrust {
  /** A session's HCP trust state. */
  public enum State {
    UNTRUSTED,
    PROBING,
    TRUSTED,
    RESTRICTED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The events of Table 4.7a ({@code hello} split by whether a consent is revoked then). */
  public enum Event {
    HELLO,
    HELLO_REVOKED,
    VALIDATED,
    MISUNDERSTANDING,
    REVOKED,
    RESTORED;

    /** The cause reported by {@code hcp.trust.changed}: an event name of Table 4.7a. */
    public String wire() {
      return this == HELLO_REVOKED ? "hello" : name().toLowerCase(Locale.ROOT);
    }
  }

  /** Satisfaction at or above which a feedback without corrections validates. */
  public static final int VALIDATED_AT = 70;

  /** Satisfaction at or below which a feedback is corrective. */
  public static final int CORRECTIVE_AT = 30;

  /** The corrective feedback in a row that is the {@code misunderstanding} event. */
  public static final int MISUNDERSTANDING_RUN = 2;

  private static final Map<State, Map<Event, State>> TABLE = new EnumMap<>(State.class);

  static {
    cell(State.UNTRUSTED, Event.HELLO, State.PROBING);
    cell(State.UNTRUSTED, Event.HELLO_REVOKED, State.RESTRICTED);
    cell(State.PROBING, Event.VALIDATED, State.TRUSTED);
    cell(State.PROBING, Event.REVOKED, State.RESTRICTED);
    cell(State.TRUSTED, Event.MISUNDERSTANDING, State.PROBING);
    cell(State.TRUSTED, Event.REVOKED, State.RESTRICTED);
    cell(State.RESTRICTED, Event.RESTORED, State.PROBING);
  }

  private HcpTrust() {}

  /** The state after {@code event} in {@code state} (Table 4.7b). */
  public static State next(State state, Event event) {
    return TABLE.getOrDefault(state, Map.of()).getOrDefault(event, state);
  }

  /** What an accepted HCP_FEEDBACK says about the session (Table 4.7a). */
  public enum Feedback {
    VALIDATING,
    CORRECTIVE,
    NEUTRAL
  }

  /**
   * Classifies a feedback by its satisfaction and corrections (Table 4.7a).
   *
   * @param satisfaction -1 when absent
   * @param corrections the number of corrections (0 when absent)
   */
  public static Feedback classify(int satisfaction, int corrections) {
    if (corrections > 0 || (satisfaction >= 0 && satisfaction <= CORRECTIVE_AT)) {
      return Feedback.CORRECTIVE;
    }
    return satisfaction >= VALIDATED_AT ? Feedback.VALIDATING : Feedback.NEUTRAL;
  }

  private static void cell(State from, Event event, State to) {
    TABLE.computeIfAbsent(from, k -> new EnumMap<>(Event.class)).put(event, to);
  }
}
