package org.web4.conformance.report.html;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A DIFF piece of evidence in the form agreed with the runner's evidence producers: {@code
 * expected: <text>\nactual: <text>\n}; finds the first character where the two differ. The label
 * may also say {@code (first difference at byte N)}; the page marks what it finds itself, so a
 * label without the suffix is marked too.
 *
 * @param expected the expected text
 * @param actual the actual text
 * @param at the index of the first differing character (the shorter length if one is a prefix of
 *     the other)
 */
record FirstDifference(String expected, String actual, int at) {
  private static final String EXPECTED = "expected: ";
  private static final String ACTUAL = "actual:   ";

  /** The two texts of {@code diffText} and where they part, if it is in the agreed form. */
  static Optional<FirstDifference> of(String diffText) {
    String[] lines = diffText.split("\n", -1);
    if (lines.length < 2 || !lines[0].startsWith(EXPECTED) || !lines[1].startsWith(ACTUAL)) {
      return Optional.empty();
    }
    for (int i = 2; i < lines.length; i++) {
      if (!lines[i].isEmpty()) {
        return Optional.empty();
      }
    }
    String expected = lines[0].substring(EXPECTED.length());
    String actual = lines[1].substring(ACTUAL.length());
    int at = 0;
    int shorter = Math.min(expected.length(), actual.length());
    while (at < shorter && expected.charAt(at) == actual.charAt(at)) {
      at++;
    }
    if (at > 0 && at < shorter && Character.isHighSurrogate(expected.charAt(at - 1))) {
      at--; // mark the whole code point
    }
    return Optional.of(new FirstDifference(expected, actual, at));
  }

  /** Whether the two texts are the same. */
  boolean none() {
    return expected.equals(actual);
  }

  /** The UTF-8 byte offset of the first difference (as the runner's label counts it). */
  int byteOffset() {
    return expected.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * The markup of both lines, each cut to {@code context} characters either side of the difference,
   * the differing character (or the end of the shorter text) marked.
   */
  String render(int context) {
    return "expected: " + line(expected, context) + "\nactual:   " + line(actual, context);
  }

  private String line(String text, int context) {
    int from = Math.max(0, at - context);
    int to = Math.min(text.length(), at + 1 + context);
    StringBuilder b = new StringBuilder();
    if (from > 0) {
      b.append("<span class=\"caret\">…</span>");
    }
    if (at < text.length()) {
      int end =
          Character.isHighSurrogate(text.charAt(at)) && at + 1 < text.length() ? at + 2 : at + 1;
      to = Math.max(to, end);
      b.append(Html.esc(text.substring(from, at)));
      b.append("<mark>").append(Html.esc(text.substring(at, end))).append("</mark>");
      b.append(Html.esc(text.substring(end, to)));
    } else {
      b.append(Html.esc(text.substring(from)));
      b.append("<mark title=\"the text ends here\">(end)</mark>");
    }
    if (to < text.length()) {
      b.append("<span class=\"caret\">…</span>");
    }
    return b.toString();
  }
}
