package org.web4.lip;

import java.util.Locale;

/** Why a source of a fetch failed (spec/lip.md Table 4.4b). */
public enum FailureReason {
  BLOCKED,
  REDIRECT_BLOCKED,
  TOO_MANY_REDIRECTS,
  BAD_REDIRECT,
  CONNECT,
  TRANSPORT,
  TIMEOUT,
  SLOW_BODY,
  DEADLINE,
  HTTP_STATUS,
  MEDIA_TYPE,
  TOO_LARGE,
  MALFORMED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The failures that make a fetch's ERROR {@code SOURCE_BLOCKED} rather than FETCH_FAILED. */
  public boolean isBlocked() {
    return this == BLOCKED || this == REDIRECT_BLOCKED;
  }
}
