package org.web4.conformance.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * report.html in a real browser (Debian's chromium, headless, through Selenium): a run with
 * failures of every kind ({@link FailingRunFixture}) written by {@link ReportWriter} to a real
 * folder and opened from disk. Proves the page raises no console error, its filters (status boxes,
 * failures only, search) show exactly the requirements they name, every in-page link resolves and
 * one into a filtered-out requirement brings it back, and without JavaScript the page is all there
 * (filter bar hidden, failures open). Leaves screenshots of the failing report in
 * target/report-screenshots/ (docs/report-*.png are copies). Waits only on conditions, each bounded
 * by {@link HeadlessChromium#PATIENCE}.
 */
class ReportInBrowserTest {
  private static final String VISIBLE_REQUIREMENTS =
      "return Array.from(document.querySelectorAll('#matrix .req'))"
          + ".filter(r => r.offsetParent !== null).map(r => r.id);";

  private static Path dir;
  private static RunResult run;
  private static HeadlessChromium chromium;

  @BeforeAll
  static void writeAndOpen() throws Exception {
    dir = Path.of("target", "report-in-browser").toAbsolutePath();
    RequirementCatalog catalog = FailingRunFixture.catalog();
    run = FailingRunFixture.run(catalog);
    ReportWriter.write(run, catalog, dir);
    chromium = HeadlessChromium.start(dir.resolve("chromium-profile"), true);
  }

  @AfterAll
  static void quit() {
    if (chromium != null) {
      chromium.close();
    }
  }

  private static ChromeDriver open(String fragment) {
    ChromeDriver driver = chromium.driver();
    driver.get(dir.resolve(ReportWriter.HTML_FILE).toUri() + fragment);
    until(d -> d.findElement(By.id("filters")).isDisplayed());
    return driver;
  }

  private static <T> T until(Function<WebDriver, T> condition) {
    return new WebDriverWait(chromium.driver(), HeadlessChromium.PATIENCE).until(condition);
  }

  private static Set<String> visible() {
    @SuppressWarnings("unchecked")
    List<String> ids = (List<String>) chromium.driver().executeScript(VISIBLE_REQUIREMENTS);
    return new TreeSet<>(ids);
  }

  private static Set<String> withVerdicts(RequirementVerdict... verdicts) {
    Set<String> ids = new TreeSet<>();
    for (RequirementCoverage.Entry e : run.coverage().entries()) {
      if (List.of(verdicts).contains(e.verdict())) {
        ids.add(e.id());
      }
    }
    return ids;
  }

  @Test
  void thePageOpensWithoutAConsoleError() {
    ChromeDriver driver = open("");
    driver.findElement(By.id("failures-only")).click();
    driver.findElement(By.id("show-all")).click();
    until(d -> visible().size() == run.coverage().entries().size());
    assertThat(chromium.consoleErrors()).isEmpty();
    assertThat(driver.findElement(By.id("shown")).getText())
        .isEqualTo(
            run.coverage().entries().size()
                + " of "
                + run.coverage().entries().size()
                + " requirements shown");
  }

  @Test
  void failuresOnlyShowsTheFailedAndUntestedRequirements() {
    ChromeDriver driver = open("");
    driver.findElement(By.id("failures-only")).click();
    Set<String> expected = withVerdicts(RequirementVerdict.FAILED, RequirementVerdict.UNTESTED);
    assertThat(expected)
        .contains(FailingRunFixture.CANONICAL, FailingRunFixture.UNCOVERED)
        .doesNotContain(FailingRunFixture.EXPECTED);
    until(d -> visible().equals(expected));
    // a spec file without a failure disappears as a whole
    assertThat(driver.findElement(By.id(Html.specFileAnchor("harness.md"))).isDisplayed())
        .isEqualTo(expected.stream().anyMatch(id -> id.startsWith("HAR-")));
  }

  @Test
  void eachStatusBoxHidesItsVerdict() {
    ChromeDriver driver = open("");
    for (RequirementVerdict v : List.of(RequirementVerdict.PASSED, RequirementVerdict.FAILED)) {
      driver.findElement(By.cssSelector("input[name=verdict][value=" + v.label() + "]")).click();
    }
    Set<String> expected =
        withVerdicts(
            RequirementVerdict.UNTESTED,
            RequirementVerdict.NOT_APPLICABLE,
            RequirementVerdict.EXPECTED_FAILURE,
            RequirementVerdict.NOT_SELECTED);
    assertThat(expected).contains(FailingRunFixture.EXPECTED, FailingRunFixture.NOT_APPLICABLE);
    until(d -> visible().equals(expected));
  }

  @Test
  void searchFindsARequirementByItsCheckTitle() {
    ChromeDriver driver = open("");
    WebElement search = driver.findElement(By.id("search"));
    search.sendKeys("zero fraction");
    until(d -> visible().equals(Set.of(FailingRunFixture.CANONICAL)));
    search.clear();
    search.sendKeys(FailingRunFixture.TRANSCRIPT.toLowerCase(java.util.Locale.ROOT));
    until(d -> visible().equals(Set.of(FailingRunFixture.TRANSCRIPT)));
  }

  @Test
  void everyInPageLinkResolves() {
    ChromeDriver driver = open("");
    @SuppressWarnings("unchecked")
    List<String> dangling =
        (List<String>)
            driver.executeScript(
                "return Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
                    + ".map(a => decodeURIComponent(a.getAttribute('href').slice(1)))"
                    + ".filter(id => document.getElementById(id) === null);");
    assertThat(dangling).isEmpty();
    Long links = (Long) driver.executeScript("return document.querySelectorAll('a').length;");
    assertThat(links).isGreaterThan(30);
    @SuppressWarnings("unchecked")
    List<String> external =
        (List<String>)
            driver.executeScript(
                "return Array.from(document.querySelectorAll('[src],[href]'))"
                    // a requirement's link into the spec site is navigation, nothing loaded
                    + ".filter(e => !e.classList.contains('spec-link'))"
                    + ".map(e => e.getAttribute('src') || e.getAttribute('href'))"
                    + ".filter(u => !u.startsWith('#') && !u.startsWith('data:'));");
    assertThat(external).isEmpty();
  }

  @Test
  void aLinkToAFilteredOutRequirementBringsItBack() {
    ChromeDriver driver = open("");
    driver.findElement(By.id("search")).sendKeys(FailingRunFixture.CANONICAL);
    until(d -> visible().equals(Set.of(FailingRunFixture.CANONICAL)));
    String caseId = Html.caseAnchor(FailingRunFixture.PROPERTY_CASE);
    driver
        .findElement(
            By.cssSelector("#" + caseId + " a[href='#" + FailingRunFixture.PROPERTY + "']"))
        .click();
    until(d -> d.findElement(By.id(FailingRunFixture.PROPERTY)).isDisplayed());
    assertThat(driver.findElement(By.id("search")).getAttribute("value")).isEmpty();
    assertThat(visible()).hasSize(run.coverage().entries().size());
    // and from the matrix to the case's evidence
    driver
        .findElement(
            By.cssSelector(
                "#"
                    + FailingRunFixture.CANONICAL
                    + " a[href='#"
                    + Html.caseAnchor(FailingRunFixture.CANONICAL_CASE)
                    + "']"))
        .click();
    until(
        d ->
            String.valueOf(d.getCurrentUrl())
                .endsWith("#" + Html.caseAnchor(FailingRunFixture.CANONICAL_CASE)));
    assertThat(chromium.consoleErrors()).isEmpty();
  }

  @Test
  void screenshotsOfTheFailingReport() throws Exception {
    ChromeDriver driver = open("");
    Path shots = Files.createDirectories(Path.of("target", "report-screenshots"));
    Files.write(shots.resolve("report-summary.png"), driver.getScreenshotAs(OutputType.BYTES));
    open("#cases-failed");
    until(
        d ->
            Boolean.TRUE.equals(
                ((ChromeDriver) d)
                    .executeScript(
                        "return document.getElementById('cases-failed')"
                            + ".getBoundingClientRect().top < 50;")));
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Files.write(shots.resolve("report-failing-cases.png"), png);
    assertThat(png).hasSizeGreaterThan(10_000);
  }

  /** Without JavaScript the page is complete: no filter bar, failures open, passes folded. */
  @Test
  void withoutJavaScriptEverythingIsThere() throws Exception {
    try (HeadlessChromium noScript =
        HeadlessChromium.start(dir.resolve("chromium-profile-noscript"), false)) {
      ChromeDriver driver = noScript.driver();
      driver.get(dir.resolve(ReportWriter.HTML_FILE).toUri().toString());
      WebElement failed =
          new WebDriverWait(driver, HeadlessChromium.PATIENCE)
              .until(d -> d.findElement(By.id(FailingRunFixture.CANONICAL)));
      assertThat(driver.findElement(By.id("filters")).isDisplayed()).isFalse();
      assertThat(failed.getAttribute("open")).isNotNull();
      assertThat(driver.findElement(By.id("ENV-JCS-001")).getAttribute("open")).isNull();
      assertThat(driver.findElement(By.cssSelector("pre.diff mark")).isDisplayed()).isTrue();
      assertThat(driver.findElement(By.cssSelector("pre.transcript")).getText()).hasLineCount(4);
      assertThat(noScript.consoleErrors()).isEmpty();
    }
  }
}
