package org.web4.conformance.report.html;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Evidence;

/**
 * One case's evidence as markup, every piece preformatted: the request, reply and expected values,
 * and each {@link Evidence} by its kind — decoded text with its hex beside it, a DIFF with its
 * first difference marked, a TRACE folded. Every piece is cut to the page's {@link SizeBudget}, and
 * a cut piece says how long it is whole.
 */
final class EvidenceBlock {
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final int HEX_BYTES_PER_LINE = 16;

  private final StringBuilder out;
  private final SizeBudget budget;

  EvidenceBlock(StringBuilder out, SizeBudget budget) {
    this.out = out;
    this.budget = budget;
  }

  /** A JSON value the runner sent, received or expected, pretty-printed; nothing if null. */
  void value(String label, @Nullable JsonNode value) {
    if (value == null) {
      return;
    }
    String text;
    try {
      text = value.isTextual() ? value.asText() : PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      text = value.toString();
    }
    open(label);
    preCut(text, "");
    close();
  }

  /** One piece of evidence, as its kind says. */
  void evidence(Evidence e) {
    switch (e.kind()) {
      case TRACE -> trace(e.label(), e.text(), e.truncated() ? e.bytes() : -1);
      case DIFF -> diff(e);
      case TEXT, JSON, TRANSCRIPT -> textAndHex(e);
    }
  }

  /** A stack trace or other long detail, folded. */
  void trace(String label, String text, long wholeBytes) {
    long lines = text.lines().count();
    out.append("<details class=\"piece trace\"><summary>")
        .append(Html.esc(label))
        .append(" (")
        .append(lines)
        .append(lines == 1 ? " line" : " lines")
        .append(")</summary>");
    preCut(text, "");
    runnerCut(wholeBytes);
    out.append("</details>");
  }

  private void textAndHex(Evidence e) {
    open(e.label());
    String hex = e.hex();
    if (hex == null || hex.isEmpty()) {
      preCut(e.text(), e.kind() == Evidence.Kind.TRANSCRIPT ? "transcript" : "");
    } else {
      out.append("<div class=\"pair\"><div>");
      preCut(e.text(), "");
      out.append("</div><div>");
      preCut(hexLines(hex), "hex");
      out.append("</div></div>");
    }
    runnerCut(e.truncated() ? e.bytes() : -1);
    close();
  }

  private void diff(Evidence e) {
    Optional<FirstDifference> difference = FirstDifference.of(e.text());
    if (difference.isEmpty()) {
      textAndHex(e);
      return;
    }
    FirstDifference d = difference.get();
    String label = e.label();
    if (!d.none() && !label.contains("first difference")) {
      label += " (first difference at byte " + d.byteOffset() + ")";
    }
    open(label);
    int context = Math.max(120, budget.pieceChars() / 4);
    String markup = d.render(context);
    budget.charge(markup.length());
    out.append("<pre class=\"diff\">").append(markup).append("</pre>");
    if (d.expected().length() > 2 * context || d.actual().length() > 2 * context) {
      out.append("<p class=\"trunc\">shown: ")
          .append(context)
          .append(
              " characters either side of the first difference; report.json has both texts"
                  + " whole</p>");
    }
    String hex = e.hex();
    if (hex != null && !hex.isEmpty()) {
      out.append("<details class=\"trace\"><summary>hex</summary>");
      preCut(hexLines(hex), "hex");
      out.append("</details>");
    }
    runnerCut(e.truncated() ? e.bytes() : -1);
    close();
  }

  /** {@code 7b22...} as {@code 7b 22 ...}, sixteen bytes a line. */
  static String hexLines(String hex) {
    StringBuilder b = new StringBuilder(hex.length() * 3 / 2 + 8);
    for (int i = 0; i < hex.length(); i += 2) {
      int pair = i / 2;
      if (pair > 0) {
        b.append(pair % HEX_BYTES_PER_LINE == 0 ? '\n' : ' ');
      }
      b.append(hex, i, Math.min(hex.length(), i + 2));
    }
    return b.toString();
  }

  private void open(String label) {
    out.append("<div class=\"piece\"><div class=\"label\">").append(Html.esc(label));
    out.append("</div>");
  }

  private void close() {
    out.append("</div>");
  }

  private void preCut(String text, String cssClass) {
    SizeBudget.Cut cut = budget.take(text);
    out.append(cssClass.isEmpty() ? "<pre>" : "<pre class=\"" + cssClass + "\">");
    out.append(Html.esc(cut.text())).append("</pre>");
    if (cut.isCut()) {
      out.append("<p class=\"trunc\">cut for this page: the first ")
          .append(cut.text().length())
          .append(" of ")
          .append(cut.wholeLength())
          .append(" characters; report.json has all of it</p>");
    }
  }

  /** Says that the runner kept only part of a piece, and how big the whole was. */
  private void runnerCut(long wholeBytes) {
    if (wholeBytes >= 0) {
      out.append("<p class=\"trunc\">truncated by the runner: the whole piece is ")
          .append(wholeBytes)
          .append(" bytes</p>");
    }
  }
}
