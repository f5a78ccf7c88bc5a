package org.web4.hcp;

import java.util.Locale;

/** A pacing level (spec/hcp.md Table 4.4a). */
public enum Level {
  ALLOW,
  SLOW,
  DEFER;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
