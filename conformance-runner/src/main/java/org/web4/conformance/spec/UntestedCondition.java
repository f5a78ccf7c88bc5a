package org.web4.conformance.spec;

import java.util.Arrays;
import java.util.Optional;

/**
 * When a requirement may be left untested, as spec/README.md §7 writes it in the column "untested
 * when". A new condition is a new constant here and a new row in the conditions table of §7.
 */
public enum UntestedCondition {
  /** Its checks run only with {@code web4-conformance run --slow}. */
  WITHOUT_SLOW("without --slow");

  private final String text;

  UntestedCondition(String text) {
    this.text = text;
  }

  /** The spelling in spec/README.md §7, without the backticks. */
  public String text() {
    return text;
  }

  /**
   * Whether the condition holds in a run.
   *
   * @param slow whether the run was asked for {@code --slow}
   */
  public boolean holds(boolean slow) {
    return switch (this) {
      case WITHOUT_SLOW -> !slow;
    };
  }

  /** The condition spelled {@code text}, if there is one. */
  public static Optional<UntestedCondition> ofText(String text) {
    return Arrays.stream(values()).filter(c -> c.text.equals(text)).findFirst();
  }
}
