package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Mermaid diagrams of docs/architecture.md render: architecture.html, opened from disk in
 * Debian's chromium, headless, through Selenium (set up as RequirementPageInBrowserTest does),
 * draws one SVG per {@code ```mermaid} block with the vendored mermaid.min.js, and none of them is
 * Mermaid's error graphic ("Syntax error in text"). The wait is bounded (a hang guard, not a timing
 * assertion); a failure names the diagram by its number, line and section.
 */
class DiagramsRenderInBrowserTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Path KIT = Path.of(System.getProperty("web4.kit.root", "..")).normalize();
  private static final Pattern BLOCK = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

  /** What each diagram shows in the browser: {@code svg} (has one), {@code error} (its text). */
  private static final String STATE =
      """
      const pres = [...document.querySelectorAll('pre.mermaid')];
      const errors = [...document.querySelectorAll('svg')]
          .filter(s => !s.closest('pre.mermaid') && s.textContent.includes('Syntax error')).length;
      const diagrams = pres.map(p => {
        const svg = p.querySelector('svg');
        return svg === null ? 'none' : svg.textContent.includes('Syntax error') ? 'error' : 'svg';
      });
      const processed = pres.filter(p => p.getAttribute('data-processed') === 'true').length;
      return processed + ' ' + errors + ' ' + diagrams.join(',');
      """;

  @Test
  void everyDiagramOfTheArchitecturePageRenders() throws Exception {
    Path site = SiteFolder.get();
    String markdown =
        Files.readString(KIT.resolve(ArchitecturePage.SOURCE), StandardCharsets.UTF_8);
    List<String> names = diagramNames(markdown);
    assertThat(names).as("```mermaid blocks in " + ArchitecturePage.SOURCE).isNotEmpty();
    assertThat(site.resolve(ArchitecturePage.BUNDLE)).isRegularFile();
    ChromeDriver driver =
        RequirementPageInBrowserTest.chromium(PATIENCE, "chromium-profile-diagrams");
    try {
      driver.manage().timeouts().pageLoadTimeout(PATIENCE).scriptTimeout(PATIENCE);
      driver.get(site.resolve(ArchitecturePage.PAGE).toUri().toString());
      try {
        // done when every block is processed and has its SVG, or Mermaid drew an error graphic
        new WebDriverWait(driver, PATIENCE)
            .until(
                d -> {
                  State s = state(driver);
                  return s.processed() == s.diagrams().size()
                      && (!s.diagrams().contains("none") || s.strayErrors() > 0);
                });
      } catch (TimeoutException hang) {
        // the assertions below say which diagrams did not render
      }
      State s = state(driver);
      List<String> diagrams = s.diagrams();
      assertThat(diagrams.size())
          .as("pre.mermaid elements on architecture.html")
          .isEqualTo(names.size());
      List<String> failed = new ArrayList<>();
      for (int i = 0; i < diagrams.size(); i++) {
        if (!"svg".equals(diagrams.get(i))) {
          failed.add(
              names.get(i)
                  + ("error".equals(diagrams.get(i))
                      ? ": Mermaid drew its \"Syntax error\" graphic"
                      : ": no SVG rendered (Mermaid could not draw it)"));
        }
      }
      assertThat(failed).as("diagrams that did not render").isEmpty();
      assertThat(s.strayErrors()).as("Mermaid error graphics on the page").isZero();
      Object svgs =
          driver.executeScript(
              "return String(document.querySelectorAll('pre.mermaid > svg').length)");
      assertThat(Integer.parseInt(String.valueOf(svgs)))
          .as("rendered SVGs vs ```mermaid blocks in " + ArchitecturePage.SOURCE)
          .isEqualTo(names.size());
    } finally {
      driver.quit();
    }
  }

  /**
   * The page as Mermaid left it.
   *
   * @param processed the blocks marked {@code data-processed="true"}
   * @param strayErrors Mermaid error graphics outside the blocks
   * @param diagrams per block: {@code svg}, {@code error} (its SVG is the error graphic), {@code
   *     none}
   */
  private record State(int processed, int strayErrors, List<String> diagrams) {}

  private static State state(ChromeDriver driver) {
    String[] parts = String.valueOf(driver.executeScript(STATE)).split(" ", -1);
    return new State(
        Integer.parseInt(parts[0]),
        Integer.parseInt(parts[1]),
        parts[2].isEmpty() ? List.of() : List.of(parts[2].split(",")));
  }

  /** "diagram N (line L, under "heading")", one per ```mermaid block, in order. */
  static List<String> diagramNames(String markdown) {
    List<String> names = new ArrayList<>();
    Matcher block = BLOCK.matcher(markdown);
    while (block.find()) {
      String before = markdown.substring(0, block.start());
      int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
      String heading = "";
      Matcher h = HEADING.matcher(before);
      while (h.find()) {
        heading = h.group(1).trim();
      }
      names.add(
          "diagram "
              + (names.size() + 1)
              + " of "
              + ArchitecturePage.SOURCE
              + " (line "
              + line
              + ", under \""
              + heading
              + "\")");
    }
    return names;
  }
}
