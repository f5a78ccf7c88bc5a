package org.web4.conformance.report.html;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A requirement's sentence as spec/*.md writes it, rendered: {@code `code`} as code, {@code
 * **bold**} as bold, and its continuation lines kept (a list item of the requirement becomes a list
 * item). Everything else is text, escaped.
 */
public final class SpecText {
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");
  private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(?:[-*]|\\d+\\.)\\s+(.*)$");

  private SpecText() {}

  /** The markup of {@code text}: paragraphs and lists, inline code and bold. */
  public static String render(String text) {
    StringBuilder out = new StringBuilder(text.length() + 64);
    boolean inList = false;
    for (String line : text.strip().lines().toList()) {
      if (line.isBlank()) {
        continue;
      }
      Matcher item = LIST_ITEM.matcher(line);
      if (item.matches()) {
        if (!inList) {
          out.append("<ul>");
          inList = true;
        }
        out.append("<li>").append(inline(item.group(1))).append("</li>");
        continue;
      }
      if (inList) {
        out.append("</ul>");
        inList = false;
      }
      out.append("<p>").append(inline(line.strip())).append("</p>");
    }
    if (inList) {
      out.append("</ul>");
    }
    return out.toString();
  }

  /** One line: escaped, then code spans, then bold outside code spans. */
  static String inline(String line) {
    StringBuilder out = new StringBuilder(line.length() + 32);
    Matcher code = CODE.matcher(line);
    int at = 0;
    while (code.find()) {
      out.append(bold(Html.esc(line.substring(at, code.start()))));
      out.append("<code>").append(Html.esc(code.group(1))).append("</code>");
      at = code.end();
    }
    out.append(bold(Html.esc(line.substring(at))));
    return out.toString();
  }

  private static String bold(String escaped) {
    return BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
  }
}
