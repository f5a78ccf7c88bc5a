package org.web4.conformance.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.report.RequirementMatrix;

/**
 * The requirement matrix, grouped by spec file and by the section of the requirement ID ({@code
 * AREA-SECTION-NNN}, spec/README.md §2.2). Each requirement is a fold: open when it did not pass,
 * closed when it did; inside, its full text and every check with its title and outcome. The filter
 * bar is hidden until the script shows it, so that without JavaScript the page is all there.
 */
final class MatrixSection {
  private final StringBuilder out;
  private final String specSite;

  MatrixSection(StringBuilder out) {
    this(out, SpecSiteLink.base());
  }

  /** With each requirement linked into the spec site at {@code specSite} (empty: no links). */
  MatrixSection(StringBuilder out, String specSite) {
    this.out = out;
    this.specSite = specSite;
  }

  void render(RequirementMatrix matrix) {
    out.append("<h2 id=\"matrix-title\">Requirement matrix</h2>\n");
    // the filter bar sticks to the top while the matrix scrolls by, and only then
    out.append("<div class=\"matrix-wrap\">");
    filters();
    out.append("<div id=\"matrix\">\n");
    for (Map.Entry<String, Map<String, List<RequirementMatrix.Row>>> file :
        byFileAndSection(matrix).entrySet()) {
      out.append("<section class=\"spec-file\" id=\"").append(Html.specFileAnchor(file.getKey()));
      out.append("\"><h3>spec/").append(Html.esc(file.getKey())).append("</h3>\n");
      for (Map.Entry<String, List<RequirementMatrix.Row>> section : file.getValue().entrySet()) {
        out.append("<div class=\"spec-section\"><h4>").append(Html.esc(section.getKey()));
        out.append("</h4>\n");
        section.getValue().forEach(this::requirement);
        out.append("</div>\n");
      }
      out.append("</section>\n");
    }
    out.append("</div></div>\n");
  }

  /** Rows by spec file, then by ID section ({@code ENV-JCS}), both in the order of their IDs. */
  static Map<String, Map<String, List<RequirementMatrix.Row>>> byFileAndSection(
      RequirementMatrix matrix) {
    Map<String, Map<String, List<RequirementMatrix.Row>>> groups = new TreeMap<>();
    for (RequirementMatrix.Row row : matrix.rows()) {
      String id = row.requirement().id();
      groups
          .computeIfAbsent(row.requirement().file(), f -> new LinkedHashMap<>())
          .computeIfAbsent(id.substring(0, id.lastIndexOf('-')), s -> new ArrayList<>())
          .add(row);
    }
    return groups;
  }

  private void filters() {
    out.append("<div id=\"filters\" hidden><input type=\"search\" id=\"search\"")
        .append(" placeholder=\"Search IDs, text, checks\" aria-label=\"Search requirements\">");
    for (RequirementVerdict v : RequirementVerdict.values()) {
      out.append("<label><input type=\"checkbox\" name=\"verdict\" value=\"").append(v.label());
      out.append("\" checked> ").append(Html.badge(v.label(), Html.words(v.label())));
      out.append("</label>");
    }
    out.append("<button type=\"button\" id=\"failures-only\">Failures only</button>")
        .append("<button type=\"button\" id=\"show-all\">Show all</button>")
        .append("<button type=\"button\" id=\"expand-all\">Expand all</button>")
        .append("<button type=\"button\" id=\"collapse-passed\">Collapse passed</button>")
        .append("<span id=\"shown\" class=\"shown\"></span></div>\n");
  }

  private void requirement(RequirementMatrix.Row row) {
    String id = row.requirement().id();
    String verdict = row.verdict().label();
    out.append("<details class=\"req v-").append(verdict).append("\" id=\"");
    out.append(Html.esc(Html.requirementAnchor(id))).append("\" data-verdict=\"").append(verdict);
    out.append(row.verdict() == RequirementVerdict.PASSED ? "\">" : "\" open>");
    out.append("<summary><code class=\"rid\">").append(Html.esc(id)).append("</code>");
    out.append(Html.badge(verdict, Html.words(verdict))).append("<span class=\"badge\">");
    out.append(Html.esc(row.requirement().level())).append("</span>");
    out.append("<span class=\"checks-count\">").append(passedOf(row.cases())).append("</span>");
    out.append("<span class=\"short\">").append(Html.esc(firstLine(row.requirement().text())));
    out.append("</span></summary><div class=\"body\">");
    if (!specSite.isEmpty()) {
      out.append("<a class=\"spec-link\" href=\"");
      out.append(Html.esc(SpecSiteLink.href(specSite, row.requirement())));
      out.append("\">").append(Html.esc(id)).append(" in spec/");
      out.append(Html.esc(row.requirement().file())).append("</a>");
    }
    out.append("<div class=\"spec-text\">");
    out.append(SpecText.render(row.requirement().text())).append("</div>");
    RequirementCoverage.Entry coverage = row.coverage();
    String why = coverage.why();
    if (why != null) {
      String when = coverage.declaredWhen();
      out.append("<p class=\"why\">").append(when == null ? "" : "declared " + Html.esc(when));
      out.append(when == null ? "" : ": ").append(Html.esc(why)).append("</p>");
    }
    checks(row.cases());
    out.append("</div></details>\n");
  }

  private void checks(List<CaseResult> cases) {
    if (cases.isEmpty()) {
      out.append("<p class=\"why\">No check covers it in this run.</p>");
      return;
    }
    out.append("<table class=\"checks\"><tbody>");
    for (CaseResult c : cases) {
      String outcome = c.outcome().label();
      out.append("<tr><td class=\"o\">").append(Html.badge(outcome, Html.words(outcome)));
      out.append("</td><td class=\"id\">");
      if (CaseSection.anchored(c)) {
        out.append("<a href=\"#").append(Html.caseAnchor(c.id())).append("\">");
        out.append(Html.esc(c.id())).append("</a>");
      } else {
        out.append(Html.esc(c.id()));
      }
      out.append("</td><td>").append(Html.esc(c.title())).append("</td></tr>");
    }
    out.append("</tbody></table>");
  }

  private static String passedOf(List<CaseResult> cases) {
    if (cases.isEmpty()) {
      return "no checks";
    }
    long passed = cases.stream().filter(c -> c.outcome() == Outcome.PASSED).count();
    return passed + "/" + cases.size() + " checks passed";
  }

  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("");
    return line.replace("`", "").replace("**", "");
  }
}
