package org.web4.conformance.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.HtmlReport;
import org.web4.conformance.report.RequirementMatrix;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * The markup of report.html for a run with failures of every kind (what a browser test cannot see
 * quickly: sizes, exact escaping, what is folded); {@link ReportInBrowserTest} opens it for real.
 */
class HtmlPageTest {
  private static RequirementCatalog catalog;
  private static String html;

  @BeforeAll
  static void render() {
    catalog = FailingRunFixture.catalog();
    RunResult run = FailingRunFixture.run(catalog);
    html = HtmlReport.render(run, RequirementMatrix.of(catalog, run));
  }

  @Test
  void aCanonicalizationFailureIsADiffWithItsFirstDifferenceMarked() {
    assertThat(html)
        .contains("canonical form (first difference at byte 13)")
        .contains(
            "<pre class=\"diff\">expected: {&quot;amount&quot;:56<mark>,</mark>&quot;currency"
                + "&quot;:&quot;EUR&quot;}\nactual:   {&quot;amount&quot;:56<mark>.</mark>0,");
  }

  @Test
  void decodedJsonSitsBesideItsHex() {
    assertThat(html)
        .contains("<div class=\"pair\"><div><pre>{&quot;amount&quot;:56.0")
        .contains("<pre class=\"hex\">7b 22 61 6d 6f 75 6e 74 22 3a 35 36 2e 30 2c 22\n63");
  }

  @Test
  void anRttTranscriptKeepsOneFramePerLine() {
    assertThat(html)
        .contains(
            "<pre class=\"transcript\">→ 0000 handshake msg1 (32 bytes) e=5f1c…\n"
                + "← 0001 handshake msg2");
  }

  @Test
  void tracesAreFoldedAndTruncatedPiecesSayTheirSize() {
    assertThat(html)
        .contains("<details class=\"piece trace\"><summary>stack trace (31 lines)</summary>")
        .contains("<details class=\"piece trace\"><summary>trace (41 lines)</summary>")
        .contains("truncated by the runner: the whole piece is 50000 bytes")
        .contains("java.lang.IllegalStateException: harness &lt;broke&gt; &amp; died");
  }

  @Test
  void requirementTextIsRenderedAndPassedRequirementsAreClosed() {
    assertThat(html)
        .contains("<code>cip/1.0</code>")
        .doesNotContain("`cip/1.0`")
        .containsPattern(
            "<details class=\"req v-passed\" id=\"ENV-JCS-001\" data-verdict=\"passed\">")
        .containsPattern(
            "<details class=\"req v-failed\" id=\"ENV-JCS-003\" data-verdict=\"failed\" open>");
  }

  @Test
  void theSummaryClaimsEachProfileAndDrawsABarPerSpecFile() {
    assertThat(html)
        .contains("DOES NOT CONFORM")
        .contains("<h3>Conformance claims</h3>")
        .contains("profile library: ")
        .contains("profile full: does not conform");
    for (String file : new String[] {"envelope.md", "rtt.md", "cip.md", "hcp.md", "lip.md"}) {
      assertThat(html).contains("<a href=\"#" + Html.specFileAnchor(file) + "\">" + file + "</a>");
    }
  }

  @Test
  void thePageLoadsNothing() {
    assertThat(html)
        .doesNotContainPattern("(src|href)=\"(https?:)?//")
        .doesNotContainPattern("<script[^>]* src=")
        .doesNotContain("@import");
  }

  @Test
  void threeHundredErrorsStayUnderTwoMegabytes() {
    RunResult run = FailingRunFixture.errors(catalog, 300);
    String page = HtmlReport.render(run, RequirementMatrix.of(catalog, run));
    assertThat(page.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000_000);
    assertThat(page).contains("id=\"case-sign_verify_299\"").contains("Errored (300)");
  }
}
