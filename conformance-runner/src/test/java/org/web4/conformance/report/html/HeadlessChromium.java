package org.web4.conformance.report.html;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's {@code chromium} driven through {@code chromium-driver} (bash .ci/run installs both when
 * missing): headless, its own profile folder, the browser console kept for the test to read. Paths
 * can be moved with {@code WEB4_CHROMIUM} and {@code WEB4_CHROMEDRIVER}. Every wait is bounded.
 */
final class HeadlessChromium implements AutoCloseable {
  /** The longest any page load or condition may take, however busy the machine. */
  static final Duration PATIENCE = Duration.ofSeconds(90);

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts the browser, with or without JavaScript. */
  static HeadlessChromium start(Path profileDir, boolean javascript) throws IOException {
    Path browser = installed("WEB4_CHROMIUM", "/usr/bin/chromium", "/usr/bin/google-chrome");
    // GitHub's ubuntu runners ship Chrome and name its driver's folder in CHROMEWEBDRIVER
    String github = System.getenv("CHROMEWEBDRIVER");
    Path chromedriver =
        installed(
            "WEB4_CHROMEDRIVER",
            "/usr/bin/chromedriver",
            github == null ? "/usr/bin/chromedriver" : github + "/chromedriver");
    Files.createDirectories(profileDir);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=1280,1600",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    if (!javascript) {
      options.setExperimentalOption(
          "prefs", java.util.Map.of("profile.managed_default_content_settings.javascript", 2));
    }
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.toFile())
            .usingAnyFreePort()
            .withTimeout(PATIENCE)
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
    return new HeadlessChromium(driver);
  }

  /** The executable {@code variable} names, else the first of {@code candidates} installed. */
  private static Path installed(String variable, String... candidates) {
    String configured = System.getenv(variable);
    List<String> paths = configured == null ? List.of(candidates) : List.of(configured);
    for (String p : paths) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    throw new IllegalStateException(
        String.join(" or ", paths)
            + " is not installed: the report.html browser test needs Debian's chromium and"
            + " chromium-driver (apt-get install -y chromium chromium-driver; bash .ci/run"
            + " installs them), or "
            + variable
            + " naming another");
  }

  ChromeDriver driver() {
    return driver;
  }

  /** What the page wrote to the console at level SEVERE (errors) since the last call. */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::toString)
        .toList();
  }

  @Override
  public void close() {
    driver.quit();
  }
}
