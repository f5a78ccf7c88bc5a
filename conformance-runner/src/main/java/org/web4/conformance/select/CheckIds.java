package org.web4.conformance.select;

import java.util.List;

/**
 * How a typed check ID selects checks. A check's ID is what reports and {@code list} show: {@code
 * features/rtt/frames.feature:12} (a scenario, by file and line), {@code jcs/jcs_test.json#7} (a
 * vector, by file and tcId), {@code harness/token}, {@code properties/canonical-form-agrees},
 * {@code wire-judge/RTT-FR-001}. A typed ID selects the check with that ID and every check under it
 * — a whole feature or vector file ({@code features/rtt/frames.feature}, {@code
 * jcs/jcs_test.json}), a property and its variants — and may leave out the folder that names the
 * kind ({@code rtt/frames.feature:12}, {@code token}, {@code canonical-form-agrees}) or add {@code
 * vectors/}.
 */
final class CheckIds {
  /** The folders a typed ID may leave out. */
  private static final List<String> KIND_FOLDERS =
      List.of("features/", "user-features/", "harness/", "properties/", "wire-judge/");

  private CheckIds() {}

  /** Whether {@code typed} selects the check {@code id}. */
  static boolean selects(String typed, String id) {
    String t = typed.startsWith("vectors/") ? typed.substring("vectors/".length()) : typed;
    if (within(t, id)) {
      return true;
    }
    for (String folder : KIND_FOLDERS) {
      if (within(folder + t, id)) {
        return true;
      }
    }
    return false;
  }

  /** {@code id} is {@code typed}, or below it: the next character separates (# : /). */
  private static boolean within(String typed, String id) {
    if (!id.startsWith(typed)) {
      return false;
    }
    if (id.length() == typed.length()) {
      return true;
    }
    char next = id.charAt(typed.length());
    return next == '#' || next == ':' || next == '/';
  }
}
