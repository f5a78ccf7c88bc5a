package org.web4.conformance.report.compare;

import static org.web4.conformance.report.markdown.MarkdownText.cell;
import static org.web4.conformance.report.markdown.MarkdownText.code;

import java.util.List;
import org.web4.conformance.report.digest.ReportDigest;
import org.web4.conformance.report.markdown.MarkdownText;

/**
 * The comparison in GitHub-flavoured Markdown (a job summary, a PR comment): the implementations,
 * then the differing requirements with their failing cases, then the agreeing ones folded in a
 * {@code <details>} block.
 */
public final class ComparisonMarkdown {
  private ComparisonMarkdown() {}

  public static String render(Comparison comparison) {
    StringBuilder m = new StringBuilder(16 * 1024);
    m.append("# Web4 conformance comparison\n\n")
        .append(cell(comparison.summaryLine()))
        .append("\n\n");
    for (String note : comparison.notes()) {
      m.append("> **Note:** ").append(cell(note)).append("\n\n");
    }
    m.append("| implementation | run | requirements | claims |\n|---|---|---|---|\n");
    for (Comparison.Column c : comparison.columns()) {
      ReportDigest r = c.report();
      List<String> claims =
          r.profiles().stream()
              .map(p -> p.profile() + ": " + p.verdict().replace('_', ' '))
              .toList();
      m.append("| ")
          .append(cell(c.name()))
          .append(" | ")
          .append(r.succeeded() ? "succeeded" : "did not succeed")
          .append(" (kit ")
          .append(cell(r.kitVersion()))
          .append(", spec ")
          .append(cell(r.specVersion()))
          .append(", seed ")
          .append(r.seed())
          .append(") | ")
          .append(cell(r.requirementSummary()))
          .append(" | ")
          .append(cell(String.join(", ", claims)))
          .append(" |\n");
    }
    List<Comparison.Row> differing = comparison.differing();
    m.append("\n## Differences (").append(differing.size()).append(")\n\n");
    if (differing.isEmpty()) {
      m.append("None: every implementation has the same verdict on every requirement.\n");
    } else {
      table(m, comparison.columns(), differing, true);
    }
    List<Comparison.Row> agreeing = comparison.agreeing();
    m.append("\n<details><summary>Same verdict (")
        .append(agreeing.size())
        .append(")</summary>\n\n");
    table(m, comparison.columns(), agreeing, false);
    m.append("\n</details>\n");
    return m.toString();
  }

  private static void table(
      StringBuilder m, List<Comparison.Column> columns, List<Comparison.Row> rows, boolean cases) {
    m.append("| requirement |");
    columns.forEach(c -> m.append(' ').append(cell(c.name())).append(" |"));
    m.append("\n|---|");
    columns.forEach(c -> m.append("---|"));
    m.append('\n');
    for (Comparison.Row row : rows) {
      m.append("| ").append(code(row.requirement().id())).append(" |");
      for (Comparison.Cell c : row.cells()) {
        m.append(' ').append(verdict(c, cases)).append(" |");
      }
      m.append('\n');
    }
  }

  private static String verdict(Comparison.Cell c, boolean cases) {
    String verdict = c.verdict();
    if (verdict == null) {
      return "not in this report";
    }
    String label = verdict.replace('_', ' ');
    return cases && !c.notPassing().isEmpty()
        ? label + "<br>" + MarkdownText.caseLines(c.notPassing())
        : label;
  }
}
