package org.web4.cip;

import java.util.Locale;
import java.util.Optional;

/** A peer's trust state (spec/cip.md §4.4); the wire spelling is the lower-case name. */
public enum TrustState {
  UNTRUSTED,
  PROBING,
  TRUSTED,
  BLACKLISTED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<TrustState> ofWire(String text) {
    for (TrustState s : values()) {
      if (s.wire().equals(text)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
