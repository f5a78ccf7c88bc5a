package org.web4.conformance.select;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean": the known texts closest to a typed one by Levenshtein distance (insertions,
 * deletions and substitutions of one character each, case-insensitive), nearest first.
 */
public final class Closest {
  private Closest() {}

  /**
   * At most {@code limit} of {@code known}, nearest to {@code typed} first, leaving out those more
   * than half of the longer text away.
   */
  public static List<String> to(String typed, Collection<String> known, int limit) {
    String t = typed.toLowerCase(Locale.ROOT);
    record Scored(String text, int distance) {}
    return known.stream()
        .distinct()
        .map(k -> new Scored(k, distance(t, k.toLowerCase(Locale.ROOT))))
        .filter(s -> s.distance() <= Math.max(t.length(), s.text().length()) / 2)
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::text))
        .limit(limit)
        .map(Scored::text)
        .toList();
  }

  /** Levenshtein distance, in O(a·b) time and O(b) memory. */
  public static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** {@code ; did you mean a, b or c?}, or empty if nothing is close. */
  public static String didYouMean(List<String> candidates) {
    if (candidates.isEmpty()) {
      return "";
    }
    if (candidates.size() == 1) {
      return "; did you mean " + candidates.get(0) + "?";
    }
    return "; did you mean "
        + String.join(", ", candidates.subList(0, candidates.size() - 1))
        + " or "
        + candidates.get(candidates.size() - 1)
        + "?";
  }
}
