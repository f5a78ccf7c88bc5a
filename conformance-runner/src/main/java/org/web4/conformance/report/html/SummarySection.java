package org.web4.conformance.report.html;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.web4.conformance.model.NotApplicableReasons;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunClaim;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.model.Tally;
import org.web4.conformance.report.RequirementMatrix;

/**
 * What a reader needs first: the run's verdict, the conformance claim for each profile the run
 * covers, one bar per spec area (how its requirements fared), the case counts, and what fails the
 * run besides failed cases (untested requirements, stale expected failures).
 */
final class SummarySection {
  private final StringBuilder out;

  SummarySection(StringBuilder out) {
    this.out = out;
  }

  void render(RunResult run, RequirementMatrix matrix) {
    out.append("<p class=\"verdict ").append(verdict(run)).append("</p>\n");
    out.append("<p>").append(Html.esc(run.coverage().summaryLine())).append("</p>\n");
    out.append("<h2 id=\"summary\">Summary</h2>\n");
    claims(run.profiles());
    areas(matrix);
    out.append("<p class=\"counts\">Requirements: ");
    run.coverage()
        .counts()
        .forEach((v, n) -> out.append(Html.badge(v.label(), n + " " + Html.words(v.label()))));
    out.append("</p>\n<p class=\"counts\">Cases: ");
    Tally tally = run.tally();
    for (Outcome o : Outcome.values()) {
      out.append(Html.badge(o.label(), tally.get(o) + " " + Html.words(o.label())));
    }
    out.append("</p>\n");
    coverageGate(run.coverage());
    stale(run.staleExpectations());
    notApplicable(NotApplicableReasons.of(run.cases()));
  }

  /** The class and text of the run's verdict. */
  private static String verdict(RunResult run) {
    // the console's claim line, word for word (RunClaim): never "conforms" without what was left
    // untested; a run with failures says so first, also when its selection leaves the profile
    // claim not judged
    String claim = RunClaim.claim(run);
    if (run.succeeded()) {
      return (claim.startsWith("CONFORMS") ? "passed" : "untested") + "\">" + Html.esc(claim);
    }
    boolean onlyUntested =
        run.tally().succeeded() && run.staleExpectations().isEmpty() && !run.coverage().passed();
    if (onlyUntested) {
      return "untested\">INCOMPLETE (requirements untested without a declared reason) — "
          + Html.esc(claim);
    }
    return "failed\">"
        + (claim.startsWith("DOES NOT CONFORM") ? "" : "DOES NOT CONFORM (checks failed) — ")
        + Html.esc(claim);
  }

  /** Issue 15 decision 4: a profile is claimed only when all its applicable requirements pass. */
  private void claims(List<ProfileResult> profiles) {
    if (profiles.isEmpty()) {
      return;
    }
    out.append("<h3>Conformance claims</h3>\n<table class=\"claims\"><thead><tr><th>profile</th>")
        .append("<th>claim</th><th>passed</th><th>failed</th><th>untested</th>")
        .append("<th>not applicable</th></tr></thead><tbody>\n");
    for (ProfileResult p : profiles) {
      String v = p.verdict().label();
      out.append("<tr class=\"profile\" title=\"").append(Html.esc(p.line())).append("\"><td><b>");
      out.append(Html.esc(p.profile().label())).append("</b></td><td>");
      out.append(Html.badge(v, Html.words(v))).append("</td><td>").append(p.passed());
      out.append("</td><td>");
      links(p.failed());
      out.append("</td><td>");
      links(p.untested());
      out.append("</td><td>");
      if (p.unmet().isEmpty()) {
        out.append(p.notApplicable().size());
      } else {
        out.append("not applicable to this implementation: ");
        links(p.unmet());
      }
      out.append("</td></tr>\n");
    }
    out.append("</tbody></table>\n");
    for (ProfileResult p : profiles) {
      out.append("<p class=\"profile-line\">").append(Html.esc(p.line())).append("</p>\n");
    }
  }

  private void links(List<String> ids) {
    if (ids.isEmpty()) {
      out.append("none");
      return;
    }
    for (String id : ids) {
      out.append("<a href=\"#").append(Html.esc(Html.requirementAnchor(id))).append("\"><code>");
      out.append(Html.esc(id)).append("</code></a> ");
    }
  }

  /** One bar per spec file: the share of its requirements with each verdict. */
  private void areas(RequirementMatrix matrix) {
    out.append("<h3>By spec area</h3>\n<div class=\"areas\">");
    MatrixSection.byFileAndSection(matrix)
        .forEach(
            (file, sections) -> {
              Map<RequirementVerdict, Integer> counts = new EnumMap<>(RequirementVerdict.class);
              sections.values().stream()
                  .flatMap(List::stream)
                  .forEach(row -> counts.merge(row.verdict(), 1, Integer::sum));
              int total = counts.values().stream().mapToInt(Integer::intValue).sum();
              out.append("<a href=\"#").append(Html.specFileAnchor(file)).append("\">");
              out.append(Html.esc(file))
                  .append("</a><div class=\"bar\" role=\"img\" aria-label=\"");
              StringBuilder words = new StringBuilder();
              StringBuilder spans = new StringBuilder();
              counts.forEach(
                  (v, n) -> {
                    String part = n + " " + Html.words(v.label());
                    words.append(words.length() == 0 ? "" : ", ").append(part);
                    spans.append("<span class=\"").append(v.label()).append("\" style=\"width:");
                    spans.append(String.format(java.util.Locale.ROOT, "%.2f", 100.0 * n / total));
                    spans.append("%\" title=\"").append(part).append("\"></span>");
                  });
              out.append(words).append("\">").append(spans).append("</div><span>");
              out.append(counts.getOrDefault(RequirementVerdict.PASSED, 0)).append('/');
              out.append(total).append(" passed</span>\n");
            });
    out.append("</div>\n<p class=\"legend\">");
    for (RequirementVerdict v : RequirementVerdict.values()) {
      out.append("<i class=\"bar-key ").append(v.label()).append("\"></i>");
      out.append(Html.words(v.label()));
    }
    out.append("</p>\n");
  }

  private void coverageGate(RequirementCoverage coverage) {
    if (coverage.passed()) {
      return;
    }
    out.append(
        "<p class=\"untested\">Untested without a reason declared in spec/README.md §7 (each"
            + " fails the run):</p><ul>");
    for (RequirementCoverage.Entry e : coverage.undeclaredUntested()) {
      out.append("<li><a href=\"#").append(Html.esc(e.id())).append("\"><code>");
      out.append(Html.esc(e.id())).append("</code></a>: ");
      out.append(Html.esc(e.why() == null ? "" : e.why())).append("</li>");
    }
    out.append("</ul>\n");
  }

  private void stale(List<RunResult.StaleExpectation> stale) {
    if (stale.isEmpty()) {
      return;
    }
    out.append(
        "<p class=\"stale\">Stale expected failures (their cases now pass; the run fails"
            + " until they are removed from the expected-failures file):</p><ul>");
    for (RunResult.StaleExpectation e : stale) {
      out.append("<li><code>").append(Html.esc(e.id())).append("</code> ");
      out.append(Html.esc(e.reason())).append("</li>");
    }
    out.append("</ul>\n");
  }

  /** The not-applicable cases, one line per reason: what the run could not test, and why. */
  private void notApplicable(NotApplicableReasons na) {
    if (na.reasons().isEmpty()) {
      return;
    }
    out.append("<p>Not applicable (never failed):</p><ul class=\"na-reasons\">");
    for (NotApplicableReasons.Reason r : na.reasons()) {
      out.append("<li>").append(Html.esc(r.line())).append("</li>");
    }
    out.append("</ul>\n");
  }
}
