package org.web4.hcp;

import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Whether one human's consent allows an action (spec/hcp.md Table 4.3), as a pure function; an
 * action needs the consent of both humans. Replayed by {@code vectors/hcp/hcp_consent_test.json}.
 */
public final class Consent {
  /** The kinds of action Table 4.3 tells apart. */
  public enum Kind {
    /** HCP_INTENT: judged on its own topic. */
    INTENT,
    /** HCP_CONTEXT, HCP_DECISION, HCP_FEEDBACK that are not check-in messages: the open topic. */
    OTHER,
    /** A check-in message (Table 4.5a): any consent but revoked. */
    CHECK_IN
  }

  private Consent() {}

  /**
   * Whether consent {@code consent} with scope {@code scope} allows the action (Table 4.3).
   *
   * @param topic the intent's topic (INTENT only)
   * @param openTopic the session's open topic before this action, null when none
   */
  public static boolean allows(
      String consent,
      Set<String> scope,
      Kind kind,
      @Nullable String topic,
      @Nullable String openTopic) {
    return switch (consent) {
      case "granted" -> true;
      case "limited" ->
          switch (kind) {
            case INTENT -> topic != null && scope.contains(topic);
            case OTHER -> openTopic != null && scope.contains(openTopic);
            case CHECK_IN -> true;
          };
      default -> false; // revoked
    };
  }
}
