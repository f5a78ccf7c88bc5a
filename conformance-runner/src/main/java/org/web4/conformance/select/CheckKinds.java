package org.web4.conformance.select;

import java.util.List;
import java.util.Locale;
import org.web4.conformance.run.Check;

/**
 * The kinds {@code --kind} selects by: {@code vector}, {@code scenario}, {@code harness} (the
 * checks of the harness API itself, spec/harness.md), {@code property} and {@code judge}.
 */
final class CheckKinds {
  static final List<String> ALL = List.of("vector", "scenario", "harness", "property", "judge");

  private CheckKinds() {}

  static String of(Check check) {
    if (check.id().startsWith("harness/")) {
      return "harness"; // harness API checks report as scenarios
    }
    return check.kind().label();
  }

  /**
   * The typed kind, checked.
   *
   * @throws SelectionException not one of {@link #ALL}
   */
  static String parse(String typed) {
    String kind = typed.strip().toLowerCase(Locale.ROOT);
    if (kind.endsWith("s") && ALL.contains(kind.substring(0, kind.length() - 1))) {
      kind = kind.substring(0, kind.length() - 1); // vectors, scenarios, …
    }
    if (!ALL.contains(kind)) {
      throw new SelectionException(
          "--kind " + typed + ": not a kind of check (" + String.join(", ", ALL) + ")");
    }
    return kind;
  }
}
