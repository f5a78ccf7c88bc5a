package org.web4.conformance.report.html;

import java.util.List;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;

/**
 * The cases a reader has to look at — failed, errored, expected to fail — each with its message and
 * evidence; then the skipped cases with their reasons. A case's anchor is {@link Html#caseAnchor};
 * the matrix links to it, and it links back to its requirements.
 */
final class CaseSection {
  private static final List<Outcome> SHOWN =
      List.of(Outcome.FAILED, Outcome.ERRORED, Outcome.EXPECTED_FAILURE);

  private final StringBuilder out;

  CaseSection(StringBuilder out) {
    this.out = out;
  }

  /** Whether a case's evidence is on the page. */
  static boolean shown(CaseResult c) {
    return SHOWN.contains(c.outcome());
  }

  /** Whether the page has an anchor for the case (its evidence, or its reason for skipping). */
  static boolean anchored(CaseResult c) {
    return shown(c) || c.outcome() == Outcome.SKIPPED;
  }

  void render(List<CaseResult> cases) {
    List<CaseResult> shownCases = cases.stream().filter(CaseSection::shown).toList();
    SizeBudget budget = SizeBudget.forCases(shownCases.size());
    out.append("<h2 id=\"cases\">Failing and erroring cases</h2>\n");
    if (shownCases.isEmpty()) {
      out.append("<p>None.</p>\n");
    }
    for (Outcome o : SHOWN) {
      List<CaseResult> these = shownCases.stream().filter(c -> c.outcome() == o).toList();
      if (these.isEmpty()) {
        continue;
      }
      out.append("<h3 id=\"cases-").append(o.label()).append("\">").append(title(o));
      out.append(" (").append(these.size()).append(")</h3>\n");
      for (CaseResult c : these) {
        oneCase(c, budget);
      }
    }
    skipped(cases);
  }

  private static String title(Outcome o) {
    return switch (o) {
      case FAILED -> "Failed";
      case ERRORED -> "Errored";
      case EXPECTED_FAILURE -> "Expected to fail (listed in the target's expected-failures file)";
      default -> Html.words(o.label());
    };
  }

  private void oneCase(CaseResult c, SizeBudget budget) {
    out.append("<div class=\"case ").append(c.outcome().label()).append("\" id=\"");
    out.append(Html.caseAnchor(c.id())).append("\"><h3><code>").append(Html.esc(c.id()));
    out.append("</code>").append(Html.badge(c.outcome().label(), Html.words(c.outcome().label())));
    out.append("</h3><div>").append(Html.esc(c.title())).append("</div><div class=\"meta\">");
    out.append(Html.esc(c.kind().label())).append(" · suite ").append(Html.esc(c.suite()));
    out.append(" · ").append(c.duration().toMillis()).append(" ms · requirements:");
    for (String r : c.requirements()) {
      out.append(" <a href=\"#").append(Html.esc(Html.requirementAnchor(r))).append("\"><code>");
      out.append(Html.esc(r)).append("</code></a>");
    }
    out.append("</div>");
    String message = c.message();
    if (message != null) {
      SizeBudget.Cut cut = budget.take(message);
      out.append("<pre class=\"message\">").append(Html.esc(cut.text()));
      out.append(
          cut.isCut()
              ? " …</pre><p class=\"trunc\">message cut for this page; report.json has it whole</p>"
              : "</pre>");
    }
    if (budget.spent()) {
      out.append("<p class=\"trunc\">evidence left out: the page has reached its size limit;")
          .append(" report.json has it</p></div>\n");
      return;
    }
    EvidenceBlock evidence = new EvidenceBlock(out, budget);
    evidence.value("request", c.request());
    evidence.value("reply", c.reply());
    evidence.value("expected", c.expected());
    boolean hasTrace = false;
    for (Evidence e : c.evidence()) {
      evidence.evidence(e);
      hasTrace |= e.kind() == Evidence.Kind.TRACE;
    }
    String detail = c.detail();
    if (detail != null && !hasTrace) {
      // an errored case carries its trace in detail; an expected failure its listed reason
      if (c.outcome() == Outcome.EXPECTED_FAILURE) {
        out.append("<p class=\"meta\">expected to fail: ").append(Html.esc(detail)).append("</p>");
      } else {
        evidence.trace("trace", detail, -1);
      }
    }
    out.append("</div>\n");
  }

  private void skipped(List<CaseResult> cases) {
    List<CaseResult> skipped = cases.stream().filter(c -> c.outcome() == Outcome.SKIPPED).toList();
    out.append("<h2 id=\"skipped\">Skipped cases (").append(skipped.size()).append(")</h2>\n");
    if (skipped.isEmpty()) {
      out.append("<p>None.</p>\n");
      return;
    }
    out.append("<ul>");
    for (CaseResult c : skipped) {
      out.append("<li id=\"").append(Html.caseAnchor(c.id())).append("\"><code>");
      out.append(Html.esc(c.id())).append("</code> ").append(Html.esc(c.title())).append(": ");
      out.append(Html.esc(c.detail() == null ? "no reason given" : c.detail())).append("</li>");
    }
    out.append("</ul>\n");
  }
}
