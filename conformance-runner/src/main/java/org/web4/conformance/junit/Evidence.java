package org.web4.conformance.junit;

import com.fasterxml.jackson.databind.JsonNode;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;

/**
 * The text of a failed or errored check for a JUnit failure message: what the check says went
 * wrong, then what the runner sent, what the implementation answered and what the requirement
 * expects, as report.json keeps them; an errored check's trace last.
 */
final class Evidence {
  /** A reply or trace longer than this is cut (report.json and report.html keep all of it). */
  static final int MAX_PART = 4_000;

  private Evidence() {}

  static String of(CaseResult c) {
    StringBuilder text = new StringBuilder();
    text.append(c.id()).append(' ').append(c.requirements()).append(": ");
    text.append(c.message() == null ? c.outcome().label() : c.message());
    part(text, "request", c.request());
    part(text, "reply", c.reply());
    part(text, "expected", c.expected());
    if (c.detail() != null) {
      text.append("\n  ").append(cut(c.detail()));
    }
    return text.toString();
  }

  private static void part(StringBuilder text, String name, @Nullable JsonNode value) {
    if (value != null) {
      text.append("\n  ").append(name).append(": ").append(cut(value.toString()));
    }
  }

  static String cut(String s) {
    return s.length() <= MAX_PART
        ? s
        : s.substring(0, MAX_PART) + "… (" + (s.length() - MAX_PART) + " more characters)";
  }
}
