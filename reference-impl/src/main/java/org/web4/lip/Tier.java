package org.web4.lip;

import java.util.Locale;
import java.util.Optional;

/**
 * The trust tier of a source (spec/lip.md §4.6): {@code unknown} < {@code low} < {@code medium} <
 * {@code high}; {@code blocked} is outside the order and never accepted.
 */
public enum Tier {
  UNKNOWN,
  LOW,
  MEDIUM,
  HIGH,
  BLOCKED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Tier> ofWire(String text) {
    for (Tier t : values()) {
      if (t.wire().equals(text)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** Whether an item from a source at this tier is accepted on its tier (Table 4.7a row 9). */
  public boolean acceptsOnItsOwn() {
    return this == MEDIUM || this == HIGH;
  }

  /** Table 4.6c, column "3rd corroborated in a row": the tier after, or this one. */
  Tier afterCorroborated() {
    return switch (this) {
      case UNKNOWN -> LOW;
      case LOW -> MEDIUM;
      default -> this; // medium is never lifted to high automatically; blocked never moves
    };
  }

  /** Table 4.6c, column "2nd refuted in a row": the tier after, or this one. */
  Tier afterRefuted() {
    return switch (this) {
      case UNKNOWN, MEDIUM -> LOW;
      case HIGH -> MEDIUM;
      default -> this;
    };
  }
}
