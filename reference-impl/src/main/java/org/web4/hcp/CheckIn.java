package org.web4.hcp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;

/**
 * Check-in messages (spec/hcp.md Table 4.5a): an HCP_CONTEXT whose {@code constraints} carry a
 * reserved flag. Several flags count as the most conservative: stop, then proceed, then request.
 */
public enum CheckIn {
  REQUEST("check_in"),
  PROCEED("check_in_proceed"),
  STOP("check_in_stop");

  private final String flag;

  CheckIn(String flag) {
    this.flag = flag;
  }

  public String flag() {
    return flag;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The check-in an envelope is, if it is one. */
  public static Optional<CheckIn> of(String type, JsonNode payload) {
    if (!type.equals("HCP_CONTEXT")) {
      return Optional.empty();
    }
    boolean request = false;
    boolean proceed = false;
    for (JsonNode c : payload.path("constraints")) {
      switch (c.asText()) {
        case "check_in_stop" -> {
          return Optional.of(STOP);
        }
        case "check_in_proceed" -> proceed = true;
        case "check_in" -> request = true;
        default -> {}
      }
    }
    if (proceed) {
      return Optional.of(PROCEED);
    }
    return request ? Optional.of(REQUEST) : Optional.empty();
  }

  /** The incoming check-in state of a session (spec/hcp.md §4.5). */
  public enum Incoming {
    NONE,
    PENDING,
    CONFIRMED,
    STOPPED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The outgoing check-in state of a session (spec/hcp.md §4.5). */
  public enum Outgoing {
    NONE,
    REQUESTED,
    CONFIRMED,
    STOPPED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
