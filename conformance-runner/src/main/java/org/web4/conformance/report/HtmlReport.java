package org.web4.conformance.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.NotApplicableReasons;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.model.Tally;

/**
 * The human-readable report, {@code report.html}: one self-contained page (inline CSS, no scripts,
 * no external assets) with the header, the outcome counts, the requirement matrix and the failing
 * and erroring cases with request, reply and expected value.
 */
public final class HtmlReport {
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final String CSS =
      """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222}
      h1{margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ccc}
      table{border-collapse:collapse;width:100%;font-size:.9rem}
      th,td{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
      th{background:#f4f4f4}
      dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}
      .passed{background:#e6f4ea}.failed,.errored{background:#fce8e6}.expected_failure{background:#fef7e0}
      .untested,.skipped,.not_selected{background:#fef7e0}.not_applicable{background:#eceff1}
      .conforms{background:#e6f4ea}.does_not_conform{background:#fce8e6}.not_judged{background:#fef7e0}
      .badge{display:inline-block;padding:.1rem .5rem;border-radius:.6rem;font-weight:600}
      .counts span{margin-right:1rem}
      pre{background:#f8f8f8;border:1px solid #eee;padding:.5rem;overflow:auto;max-height:24rem;
      white-space:pre-wrap;word-break:break-all}
      code{font-size:.85rem}.case{border:1px solid #ddd;padding:.5rem 1rem;margin:1rem 0}
      """;

  private HtmlReport() {}

  public static String render(RunResult run, RequirementMatrix matrix) {
    StringBuilder h = new StringBuilder(64 * 1024);
    RunHeader head = run.header();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Web4 conformance report: ")
        .append(esc(head.targetName()))
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body>\n");
    h.append("<h1>Web4 conformance report</h1>\n<p class=\"badge ").append(badge(run));
    h.append("</p>\n");

    h.append("<h2>Run</h2>\n<dl>");
    dl(h, "target", head.targetName());
    dl(h, "implementation", nz(head.implementationName()) + " " + nz(head.implementationVersion()));
    if (head.identity() != null) {
      dl(h, "agent_id", head.identity().agentId());
      dl(h, "fingerprint", head.identity().fingerprint());
      dl(h, "pubkey", head.identity().pubkey());
    }
    dl(h, "kit version", head.kitVersion());
    dl(h, "spec version", head.specVersion());
    dl(h, "vectors manifest SHA-256", head.vectorsManifestSha256());
    dl(h, "vectors source", head.vectorsSource());
    dl(h, "profile", head.profile().label());
    dl(h, "seed", Long.toString(head.seed()));
    if (head.tags() != null) {
      dl(h, "tags", head.tags());
    }
    if (head.examples() != null) {
      dl(h, "examples", head.examples().toString());
    }
    dl(h, "started", DateTimeFormatter.ISO_INSTANT.format(head.startedAt()));
    dl(h, "duration", head.duration().toMillis() + " ms");
    dl(h, "command line", String.join(" ", head.commandLine()));
    h.append("</dl>\n");

    h.append("<h2>Summary</h2>\n<p class=\"counts\">");
    Tally counts = run.tally();
    for (Outcome o : Outcome.values()) {
      h.append("<span class=\"badge ")
          .append(o.label())
          .append("\">")
          .append(counts.get(o))
          .append(' ')
          .append(o.label().replace('_', ' '))
          .append("</span>");
    }
    h.append("</p>\n");
    notApplicable(h, NotApplicableReasons.of(run.cases()));
    for (ProfileResult p : run.profiles()) {
      h.append("<p class=\"profile ")
          .append(p.verdict().label())
          .append("\">")
          .append(esc(p.line()))
          .append("</p>\n");
    }
    if (!run.staleExpectations().isEmpty()) {
      h.append(
          "<p class=\"stale\">Stale expected failures (their cases now pass; the run fails"
              + " until they are removed from the expected-failures file):</p><ul>");
      for (RunResult.StaleExpectation e : run.staleExpectations()) {
        h.append("<li><code>").append(esc(e.id())).append("</code> ").append(esc(e.reason()));
        h.append("</li>");
      }
      h.append("</ul>\n");
    }
    h.append("<p>").append(esc(run.coverage().summaryLine())).append("</p>\n");
    coverageGate(h, run.coverage());
    h.append("<p class=\"counts\">Requirements: ");
    run.coverage()
        .counts()
        .forEach(
            (v, n) ->
                h.append("<span class=\"badge ")
                    .append(v.label())
                    .append("\">")
                    .append(n)
                    .append(' ')
                    .append(v.label().replace('_', ' '))
                    .append("</span>"));
    h.append("</p>\n");

    h.append("<h2>Requirement matrix</h2>\n<table><thead><tr>")
        .append("<th>requirement</th><th>level</th><th>verdict</th><th>checks</th><th>text</th>")
        .append("</tr></thead><tbody>\n");
    for (RequirementMatrix.Row row : matrix.rows()) {
      String v = row.verdict().label();
      h.append("<tr class=\"").append(v).append("\"><td id=\"").append(esc(row.requirement().id()));
      h.append("\"><code>").append(esc(row.requirement().id())).append("</code><br><small>");
      h.append(esc(row.requirement().file())).append("</small></td><td>");
      h.append(esc(row.requirement().level())).append("</td><td>").append(v.replace('_', ' '));
      RequirementCoverage.Entry coverage = row.coverage();
      if (coverage.why() != null) {
        String when = coverage.declaredWhen();
        h.append("<br><small>").append(when == null ? "" : "declared " + esc(when) + ": ");
        h.append(esc(nz(coverage.why()))).append("</small>");
      }
      h.append("</td><td>");
      int passed = 0;
      for (CaseResult c : row.cases()) {
        if (c.outcome() == Outcome.PASSED) {
          passed++;
        }
      }
      if (!row.cases().isEmpty()) {
        h.append(passed).append('/').append(row.cases().size()).append(" passed<br>");
      }
      for (CaseResult c : row.cases()) {
        if (c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED) {
          h.append("<a href=\"#case-").append(esc(anchor(c.id()))).append("\">");
          h.append(esc(c.id())).append("</a> ").append(c.outcome().label()).append("<br>");
        }
      }
      h.append("<details><summary>").append(row.cases().size()).append(" cases</summary><small>");
      for (CaseResult c : row.cases()) {
        h.append(esc(c.id())).append(' ').append(c.outcome().label()).append("<br>");
      }
      h.append("</small></details></td><td>").append(esc(row.requirement().text()));
      h.append("</td></tr>\n");
    }
    h.append("</tbody></table>\n");

    h.append("<h2>Failing and erroring cases</h2>\n");
    boolean any = false;
    for (CaseResult c : run.cases()) {
      if (c.outcome() != Outcome.FAILED && c.outcome() != Outcome.ERRORED) {
        continue;
      }
      any = true;
      h.append("<div class=\"case ").append(c.outcome().label()).append("\" id=\"case-");
      h.append(esc(anchor(c.id()))).append("\"><h3><code>").append(esc(c.id()));
      h.append("</code> ").append(c.outcome().label()).append("</h3><p>").append(esc(c.title()));
      h.append("<br>requirements: ");
      for (String r : c.requirements()) {
        h.append("<a href=\"#")
            .append(esc(r))
            .append("\"><code>")
            .append(esc(r))
            .append("</code></a> ");
      }
      h.append("</p>");
      if (c.message() != null) {
        h.append("<p><strong>").append(esc(c.message())).append("</strong></p>");
      }
      pre(h, "request", c.request());
      pre(h, "reply", c.reply());
      pre(h, "expected", c.expected());
      if (c.outcome() == Outcome.ERRORED && c.detail() != null) {
        h.append("<details><summary>trace</summary><pre>").append(esc(c.detail()));
        h.append("</pre></details>");
      }
      h.append("</div>\n");
    }
    if (!any) {
      h.append("<p>None.</p>\n");
    }

    h.append("<h2>Skipped cases</h2>\n<ul>");
    for (CaseResult c : run.cases()) {
      if (c.outcome() == Outcome.SKIPPED) {
        h.append("<li><code>").append(esc(c.id())).append("</code>: ");
        h.append(esc(nz(c.detail()))).append("</li>");
      }
    }
    h.append("</ul>\n");

    h.append("<h2>Implementation output</h2>\n");
    if (run.output().truncated()) {
      h.append("<p>(only the last part of each stream is kept)</p>");
    }
    h.append("<h3>stdout</h3><pre>").append(esc(run.output().stdout())).append("</pre>");
    h.append("<h3>stderr</h3><pre>").append(esc(run.output().stderr())).append("</pre>\n");
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String badge(RunResult run) {
    if (run.succeeded()) {
      return "passed\">CONFORMS (no failures)";
    }
    boolean onlyUntested =
        run.tally().succeeded() && run.staleExpectations().isEmpty() && !run.coverage().passed();
    return onlyUntested
        ? "untested\">INCOMPLETE (requirements untested without a declared reason)"
        : "failed\">DOES NOT CONFORM";
  }

  /** The requirements that fail the coverage gate, each with why; nothing if none. */
  /** The not-applicable cases, one line per reason: what the run could not test, and why. */
  private static void notApplicable(StringBuilder h, NotApplicableReasons na) {
    if (na.reasons().isEmpty()) {
      return;
    }
    h.append("<p>Not applicable (never failed):</p><ul class=\"not_applicable\">");
    for (NotApplicableReasons.Reason r : na.reasons()) {
      h.append("<li>").append(esc(r.line())).append("</li>");
    }
    h.append("</ul>\n");
  }

  private static void coverageGate(StringBuilder h, RequirementCoverage coverage) {
    if (coverage.passed()) {
      return;
    }
    h.append(
        "<p class=\"untested\">Untested without a reason declared in spec/README.md §7 (each"
            + " fails the run):</p><ul>");
    for (RequirementCoverage.Entry e : coverage.undeclaredUntested()) {
      h.append("<li><a href=\"#").append(esc(e.id())).append("\"><code>").append(esc(e.id()));
      h.append("</code></a>: ").append(esc(nz(e.why()))).append("</li>");
    }
    h.append("</ul>\n");
  }

  private static void dl(StringBuilder h, String term, String value) {
    h.append("<dt>").append(esc(term)).append("</dt><dd>").append(esc(value)).append("</dd>");
  }

  private static void pre(StringBuilder h, String label, @Nullable JsonNode value) {
    if (value == null) {
      return;
    }
    String text;
    try {
      text = value.isTextual() ? value.asText() : PRETTY.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      text = value.toString();
    }
    h.append("<p>").append(label).append(":</p><pre>").append(esc(text)).append("</pre>");
  }

  private static String anchor(String id) {
    return id.replaceAll("[^A-Za-z0-9_.-]", "_");
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  static String esc(String s) {
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
}
