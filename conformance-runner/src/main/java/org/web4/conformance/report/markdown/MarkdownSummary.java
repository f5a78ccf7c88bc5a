package org.web4.conformance.report.markdown;

import static org.web4.conformance.report.markdown.MarkdownText.cell;
import static org.web4.conformance.report.markdown.MarkdownText.code;
import static org.web4.conformance.report.markdown.MarkdownText.shortCell;

import java.util.List;
import java.util.Set;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.report.digest.ReportDigest;

/**
 * One run in GitHub-flavoured Markdown, {@code summary.md}: for a CI job summary or a PR comment
 * (issue 16 item 6). The verdict first, the claim per profile, the counts, then every requirement
 * that did not pass with its failing cases; the passing ones are only counted. Bounded: at most
 * {@link #MAX_ROWS} requirements are listed (a job summary holds 1 MiB), the rest are counted and
 * the full report is named.
 */
public final class MarkdownSummary {
  /**
   * The verdicts a reader must act on, listed row by row; passed, not applicable and not selected
   * requirements are only counted (in the requirement line).
   */
  private static final Set<String> LISTED =
      Set.of(
          RequirementVerdict.FAILED.label(),
          RequirementVerdict.EXPECTED_FAILURE.label(),
          RequirementVerdict.UNTESTED.label());

  /** Most requirement rows listed. */
  static final int MAX_ROWS = 100;

  private MarkdownSummary() {}

  public static String render(ReportDigest report) {
    StringBuilder m = new StringBuilder(8 * 1024);
    m.append("## Web4 conformance: ")
        .append(cell(report.label()))
        .append(" — ")
        .append(report.succeeded() ? "✅ succeeded" : "❌ did not succeed")
        .append("\n\n");
    if (report.interrupted() != null) {
      m.append("> **Interrupted:** ").append(cell(report.interrupted())).append("\n\n");
    }
    m.append("Kit ")
        .append(cell(report.kitVersion()))
        .append(", spec ")
        .append(cell(report.specVersion()))
        .append(", profile ")
        .append(cell(report.profile()))
        .append(", seed ")
        .append(report.seed())
        .append(" (replay: `--seed ")
        .append(report.seed())
        .append("`), target ")
        .append(cell(report.target()))
        .append(".\n\n");
    if (!report.profiles().isEmpty()) {
      m.append("| profile | claim |\n|---|---|\n");
      for (ReportDigest.ProfileClaim p : report.profiles()) {
        m.append("| ")
            .append(cell(p.profile()))
            .append(" | ")
            .append(p.verdict().equals("conforms") ? "✅ " : "")
            .append(cell(claim(p)))
            .append(" |\n");
      }
      m.append('\n');
    }
    m.append("**Requirements:** ").append(cell(report.requirementSummary())).append("  \n");
    m.append("**Cases:** ").append(cell(report.caseSummary())).append("\n\n");
    notPassing(m, report);
    m.append("\nFull report: `report.html` (matrix and evidence), `report.json`, `junit.xml`.\n");
    return m.toString();
  }

  /** The profile's summary line without its {@code profile NAME: } prefix (the first column). */
  private static String claim(ReportDigest.ProfileClaim p) {
    String prefix = "profile " + p.profile() + ": ";
    if (p.summary().isEmpty()) {
      return p.verdict().replace('_', ' ');
    }
    return p.summary().startsWith(prefix) ? p.summary().substring(prefix.length()) : p.summary();
  }

  private static void notPassing(StringBuilder m, ReportDigest report) {
    List<ReportDigest.Requirement> rows =
        report.requirements().stream().filter(r -> LISTED.contains(r.verdict())).toList();
    if (rows.isEmpty()) {
      m.append("No requirement failed or is untested.\n");
      return;
    }
    m.append("| requirement | verdict | cases that did not pass, or why |\n|---|---|---|\n");
    for (ReportDigest.Requirement r : rows.subList(0, Math.min(rows.size(), MAX_ROWS))) {
      m.append("| ")
          .append(code(r.id()))
          .append(" | ")
          .append(cell(r.verdict().replace('_', ' ')))
          .append(" | ")
          .append(why(report, r))
          .append(" |\n");
    }
    if (rows.size() > MAX_ROWS) {
      m.append("\n… and ")
          .append(rows.size() - MAX_ROWS)
          .append(" more requirements that did not pass: see report.html.\n");
    }
  }

  private static String why(ReportDigest report, ReportDigest.Requirement r) {
    List<ReportDigest.Case> cases = report.notPassingCasesOf(r);
    if (cases.isEmpty()) {
      return r.why() == null ? "" : shortCell(r.why());
    }
    return MarkdownText.caseLines(cases);
  }
}
