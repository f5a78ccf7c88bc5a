package org.web4.conformance.report.compare;

import static org.web4.conformance.report.html.Html.esc;

import java.util.List;
import org.web4.conformance.report.digest.ReportDigest;
import org.web4.conformance.report.markdown.MarkdownText;

/**
 * The comparison as one self-contained HTML page: inline CSS, no script, no external asset. The
 * differing requirements come first in a table; the agreeing ones follow, folded in a {@code
 * <details>} that opens without JavaScript.
 */
public final class ComparisonHtml {
  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222}
      h2{margin-top:2rem;border-bottom:1px solid #ccc}
      table{border-collapse:collapse;width:100%;font-size:.9rem}
      th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
      th{background:#f4f4f4}
      .passed,.conforms{background:#e6f4ea}.failed,.does_not_conform{background:#fce8e6}
      .untested,.not_selected,.expected_failure,.not_judged{background:#fef7e0}
      .not_applicable{background:#eceff1}.absent{background:#fff;color:#777}
      .note{background:#fef7e0;padding:.5rem 1rem;border-left:4px solid #f9ab00}
      ul.cases{margin:.3rem 0 0 1rem;padding:0;font-size:.8rem}
      small{color:#555}summary{cursor:pointer;font-weight:600}
      """;

  private ComparisonHtml() {}

  public static String render(Comparison comparison) {
    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Web4 conformance comparison</title><style>")
        .append(CSS)
        .append("</style></head><body>\n<h1>Web4 conformance comparison</h1>\n<p id=\"summary\">")
        .append(esc(comparison.summaryLine()))
        .append("</p>\n");
    for (String note : comparison.notes()) {
      h.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
    }
    implementations(h, comparison.columns());

    List<Comparison.Row> differing = comparison.differing();
    h.append("<h2 id=\"differences\">Differences (").append(differing.size()).append(")</h2>\n");
    if (differing.isEmpty()) {
      h.append("<p>None: every implementation has the same verdict on every requirement.</p>\n");
    } else {
      matrix(h, comparison.columns(), differing, true);
    }
    List<Comparison.Row> agreeing = comparison.agreeing();
    h.append("<h2 id=\"same\">Same verdict (").append(agreeing.size()).append(")</h2>\n");
    h.append("<details><summary>the ")
        .append(agreeing.size())
        .append(" requirements on which every implementation has the same verdict</summary>\n");
    matrix(h, comparison.columns(), agreeing, false);
    h.append("</details>\n</body></html>\n");
    return h.toString();
  }

  private static void implementations(StringBuilder h, List<Comparison.Column> columns) {
    h.append("<h2>Implementations</h2>\n<table id=\"implementations\"><tr><th>implementation</th>")
        .append("<th>run</th><th>cases</th><th>requirements</th><th>claims</th></tr>\n");
    for (Comparison.Column c : columns) {
      ReportDigest r = c.report();
      h.append("<tr><td><b>")
          .append(esc(c.name()))
          .append("</b><br><small>target ")
          .append(esc(r.target()))
          .append("</small></td><td class=\"")
          .append(r.succeeded() ? "passed" : "failed")
          .append("\">")
          .append(r.succeeded() ? "succeeded" : "did not succeed")
          .append("<br><small>kit ")
          .append(esc(r.kitVersion()))
          .append(", spec ")
          .append(esc(r.specVersion()))
          .append(", profile ")
          .append(esc(r.profile()))
          .append(", seed ")
          .append(r.seed())
          .append("</small></td><td>")
          .append(esc(r.caseSummary()))
          .append("</td><td>")
          .append(esc(r.requirementSummary()))
          .append("</td><td>");
      for (ReportDigest.ProfileClaim p : r.profiles()) {
        h.append("<span class=\"")
            .append(esc(p.verdict()))
            .append("\">")
            .append(esc(p.profile()))
            .append(": ")
            .append(esc(p.verdict().replace('_', ' ')))
            .append("</span><br>");
      }
      h.append("</td></tr>\n");
    }
    h.append("</table>\n");
  }

  private static void matrix(
      StringBuilder h, List<Comparison.Column> columns, List<Comparison.Row> rows, boolean cases) {
    h.append("<table class=\"matrix\"><tr><th>requirement</th>");
    columns.forEach(c -> h.append("<th>").append(esc(c.name())).append("</th>"));
    h.append("</tr>\n");
    for (Comparison.Row row : rows) {
      ReportDigest.Requirement req = row.requirement();
      h.append("<tr id=\"")
          .append(esc(req.id()))
          .append("\"><td><code>")
          .append(esc(req.id()))
          .append("</code> <small>")
          .append(esc(req.level()))
          .append(", ")
          .append(esc(req.file()))
          .append("</small>");
      if (cases) {
        h.append("<br><small>").append(esc(req.text())).append("</small>");
      }
      h.append("</td>");
      for (Comparison.Cell cell : row.cells()) {
        cell(h, cell, cases);
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
  }

  private static void cell(StringBuilder h, Comparison.Cell cell, boolean cases) {
    String verdict = cell.verdict();
    if (verdict == null) {
      h.append("<td class=\"absent\">not in this report</td>");
      return;
    }
    h.append("<td class=\"")
        .append(esc(verdict))
        .append("\">")
        .append(esc(verdict.replace('_', ' ')));
    if (cases && !cell.notPassing().isEmpty()) {
      h.append("<ul class=\"cases\">");
      List<ReportDigest.Case> shown =
          cell.notPassing().subList(0, Math.min(cell.notPassing().size(), MarkdownText.MAX_CASES));
      for (ReportDigest.Case c : shown) {
        h.append("<li><code>")
            .append(esc(c.id()))
            .append("</code> ")
            .append(esc(c.outcome().replace('_', ' ')));
        String why = c.why();
        if (why != null) {
          h.append(": ").append(esc(MarkdownText.firstLine(why)));
        }
        h.append("</li>");
      }
      if (cell.notPassing().size() > shown.size()) {
        h.append("<li>… and ").append(cell.notPassing().size() - shown.size()).append(" more</li>");
      }
      h.append("</ul>");
    }
    h.append("</td>");
  }
}
