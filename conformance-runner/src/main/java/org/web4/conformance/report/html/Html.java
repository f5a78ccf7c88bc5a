package org.web4.conformance.report.html;

import java.util.Locale;

/** Escaping and the page's anchors: the only places report.html turns data into markup. */
public final class Html {
  private Html() {}

  /** {@code s} as HTML text or attribute value. */
  public static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The id of a requirement's entry in the matrix: the requirement ID itself. */
  public static String requirementAnchor(String requirementId) {
    return requirementId;
  }

  /** The id of a case's evidence: {@code case-} and the case id with URL-unsafe characters. */
  public static String caseAnchor(String caseId) {
    return "case-" + caseId.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  /** The id of a spec file's group in the matrix, e.g. {@code spec-envelope}. */
  public static String specFileAnchor(String file) {
    return "spec-" + file.replaceFirst("\\.md$", "").toLowerCase(Locale.ROOT);
  }

  /** A label's spelling for a reader: {@code not_applicable} as {@code not applicable}. */
  public static String words(String label) {
    return label.replace('_', ' ');
  }

  /** A badge: a label in the colours of its outcome or verdict. */
  public static String badge(String cssClass, String text) {
    return "<span class=\"badge " + cssClass + "\">" + esc(text) + "</span>";
  }
}
