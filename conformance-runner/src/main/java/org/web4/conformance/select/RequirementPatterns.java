package org.web4.conformance.select;

import java.util.List;
import java.util.Locale;

/**
 * How a typed requirement selects requirement IDs (spec/README.md §2.2, {@code AREA-SECTION-NNN}):
 * the ID itself ({@code ENV-JCS-004}) or a prefix that ends at a dash ({@code ENV-}, {@code ENV},
 * {@code ENV-JCS}, {@code ENV-JCS-}); {@code ENV-JCS-00} selects nothing, so that a cut-off number
 * is not taken for a range.
 */
final class RequirementPatterns {
  private RequirementPatterns() {}

  /** The pattern as compared: upper case, as IDs are. */
  static String normalize(String typed) {
    return typed.strip().toUpperCase(Locale.ROOT);
  }

  /** Whether the (normalized) pattern selects the requirement {@code id}. */
  static boolean selects(String pattern, String id) {
    if (!id.startsWith(pattern)) {
      return false;
    }
    return id.length() == pattern.length()
        || pattern.endsWith("-")
        || id.charAt(pattern.length()) == '-';
  }

  /** Whether any of the patterns selects any of the IDs. */
  static boolean selectsAny(List<String> patterns, List<String> ids) {
    for (String p : patterns) {
      for (String id : ids) {
        if (selects(p, id)) {
          return true;
        }
      }
    }
    return false;
  }
}
