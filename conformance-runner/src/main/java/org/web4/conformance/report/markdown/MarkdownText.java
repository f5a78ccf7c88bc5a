package org.web4.conformance.report.markdown;

import java.util.List;
import org.web4.conformance.report.digest.ReportDigest;

/** Text made safe in a GitHub-flavoured Markdown table cell or line. */
public final class MarkdownText {
  /** Longest message shown in a cell: a summary links to the full report for the rest. */
  public static final int MAX_MESSAGE = 200;

  /** Most cases listed in one cell; the others are counted. */
  public static final int MAX_CASES = 5;

  private MarkdownText() {}

  /**
   * One line: line breaks become spaces; pipes, backticks, angle brackets and emphasis characters
   * are escaped so that IUT output cannot break the table or inject markup.
   */
  public static String cell(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\r', '\n', '\t' -> b.append(' ');
        case '|', '`', '*', '_', '[', ']', '\\', '#' -> b.append('\\').append(c);
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * The first line of {@code s}, cut to {@link #MAX_MESSAGE} characters, then made a {@link #cell};
   * what was left out is marked with its full size (the full text is in report.html).
   */
  public static String shortCell(String s) {
    return cell(firstLine(s));
  }

  /**
   * The first line of {@code s}, cut to {@link #MAX_MESSAGE} characters; when anything was left
   * out, it says the full size.
   */
  public static String firstLine(String s) {
    String text = s.strip();
    int lineEnd = text.indexOf('\n');
    String line = lineEnd < 0 ? text : text.substring(0, lineEnd).strip();
    if (line.length() > MAX_MESSAGE) {
      line = line.substring(0, MAX_MESSAGE);
    }
    return line.length() < text.length() ? line + " … (" + s.length() + " characters)" : line;
  }

  /** An inline code span holding {@code id} (requirement and case ids contain no backtick). */
  public static String code(String id) {
    return "`" + id.replace('`', '\'') + "`";
  }

  /**
   * The cases one per line ({@code <br>}, which GitHub renders in a table cell): id, then why; at
   * most {@link #MAX_CASES}, then how many more.
   */
  public static String caseLines(List<ReportDigest.Case> cases) {
    StringBuilder s = new StringBuilder();
    for (ReportDigest.Case c : cases.subList(0, Math.min(cases.size(), MAX_CASES))) {
      if (s.length() > 0) {
        s.append("<br>");
      }
      s.append(code(c.id()));
      String why = c.why();
      if (why != null) {
        s.append(": ").append(shortCell(why));
      }
    }
    if (cases.size() > MAX_CASES) {
      s.append("<br>… and ").append(cases.size() - MAX_CASES).append(" more");
    }
    return s.toString();
  }
}
