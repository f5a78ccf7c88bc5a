package org.web4.conformance.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.RequirementMatrix;
import org.web4.conformance.spec.RequirementCatalog;

/** Each requirement of report.html links to its anchor in the spec site, or nowhere (ADR 1301). */
class SpecSiteLinkTest {
  private static String matrix(String base) {
    RequirementCatalog catalog = FailingRunFixture.catalog();
    RunResult run = FailingRunFixture.run(catalog);
    StringBuilder out = new StringBuilder();
    new MatrixSection(out, base).render(RequirementMatrix.of(catalog, run));
    return out.toString();
  }

  @Test
  void everyRequirementLinksToItsAnchorInItsDocumentsPage() {
    String html = matrix("https://example.org/web4/");
    RequirementCatalog catalog = FailingRunFixture.catalog();
    catalog
        .all()
        .forEach(
            r ->
                assertThat(html)
                    .contains(
                        "<a class=\"spec-link\" href=\"https://example.org/web4/"
                            + r.file().replace(".md", ".html")
                            + "#"
                            + r.id()
                            + "\">"));
  }

  @Test
  void anEmptyBaseLinksNowhere() {
    assertThat(matrix("")).doesNotContain("spec-link");
  }

  @Test
  void theBuildBakesABaseIntoTheRunner() {
    // file:…/spec-site/target/site/ from source, the published site in a release
    assertThat(SpecSiteLink.base()).matches("(file|https):.+/");
  }
}
