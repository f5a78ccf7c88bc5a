package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A requirement page opened from disk in Debian's chromium, headless, through Selenium (as
 * conformance-runner's ReportInBrowserTest does): the link {@code rtt.html#RTT-GA-001} lands on the
 * requirement, which shows its checks, the code that decides it, and nothing on the page raises a
 * console error. Leaves target/screenshots/spec-site-requirement.png
 * (docs/spec-site-requirement.png is a copy). Every wait is bounded; the paths move with
 * WEB4_CHROMIUM and WEB4_CHROMEDRIVER.
 */
class RequirementPageInBrowserTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final String REQUIREMENT = "RTT-GA-001";

  @Test
  void aRequirementLinkLandsOnItsTextAndTraceability() throws Exception {
    Path site = SiteFolder.get();
    ChromeDriver driver = chromium(PATIENCE, "chromium-profile");
    try {
      driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
      driver.get(site.resolve("rtt.html").toUri() + "#" + REQUIREMENT);
      WebElement requirement =
          new WebDriverWait(driver, PATIENCE)
              .until(
                  d ->
                      d.findElement(By.id(REQUIREMENT)).isDisplayed()
                          ? d.findElement(By.id(REQUIREMENT))
                          : null);
      assertThat(driver.executeScript("return document.querySelector(':target').id"))
          .isEqualTo(REQUIREMENT);
      assertThat(requirement.getText()).contains("GOAWAY", "Checked by", "Decided in (reference)");
      assertThat(requirement.findElements(By.cssSelector(".trace a[href*='features/']")))
          .isNotEmpty();
      assertThat(
              driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                  .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                  .toList())
          .isEmpty();
      Path shot = Path.of("target", "screenshots", "spec-site-requirement.png");
      Files.createDirectories(shot.getParent());
      Files.write(shot, driver.getScreenshotAs(OutputType.BYTES));
      assertThat(Files.size(shot)).isGreaterThan(10_000);
    } finally {
      driver.quit();
    }
  }

  /**
   * Debian's chromium, headless, with its browser log kept, through chromedriver; the paths move
   * with WEB4_CHROMIUM and WEB4_CHROMEDRIVER. Shared with DiagramsRenderInBrowserTest.
   */
  static ChromeDriver chromium(Duration patience, String profileName) throws java.io.IOException {
    Path profile = Path.of("target", profileName).toAbsolutePath();
    Files.createDirectories(profile);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(installed("WEB4_CHROMIUM", "/usr/bin/chromium", "/usr/bin/google-chrome"));
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    String github = System.getenv("CHROMEWEBDRIVER");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(
                Path.of(
                        installed(
                            "WEB4_CHROMEDRIVER",
                            "/usr/bin/chromedriver",
                            github == null ? "/usr/bin/chromedriver" : github + "/chromedriver"))
                    .toFile())
            .usingAnyFreePort()
            .withTimeout(patience)
            .build();
    return new ChromeDriver(service, options);
  }

  private static String installed(String variable, String... candidates) {
    String configured = System.getenv(variable);
    List<String> paths = configured == null ? List.of(candidates) : List.of(configured);
    for (String p : paths) {
      if (Files.isExecutable(Path.of(p))) {
        return p;
      }
    }
    throw new IllegalStateException(
        String.join(" or ", paths)
            + " is not installed: the spec site's browser test needs Debian's chromium and"
            + " chromium-driver (apt-get install -y chromium chromium-driver), or "
            + variable
            + " naming another");
  }
}
