package org.web4.conformance.report.compare;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.testing.KitFiles;

/**
 * The build's comparison page of the two implementations the project ships (issue 16 item 5): run
 * by Failsafe after every unit test, it makes {@code target/reports/comparison/comparison.html} and
 * {@code .md} with {@code web4-conformance compare} from the reports the unit tests already wrote —
 * the reference's (EmbeddedReferenceRunTest) and web4py's (PythonImplementationTest) — and checks
 * that the page renders: one column per implementation, one row per requirement of either report,
 * the differences (if any) before the agreeing rows. No kit run of its own.
 */
class ComparisonPageIT {
  private static final Path REPORTS = KitFiles.root().resolve("conformance-runner/target/reports");

  @Test
  void theReferenceAndWeb4pySideBySide() throws Exception {
    Path reference = REPORTS.resolve("reference/report.json");
    Path python = REPORTS.resolve("python/report.json");
    assertThat(reference)
        .as("written by EmbeddedReferenceRunTest in the test phase of this build")
        .isRegularFile();
    assertThat(python)
        .as("written by PythonImplementationTest in the test phase of this build")
        .isRegularFile();
    Path out = REPORTS.resolve("comparison");
    StringWriter err = new StringWriter();

    int exit =
        ConformanceCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute("compare", reference.toString(), python.toString(), "--out", out.toString());

    assertThat(exit).as(err.toString()).isZero();
    assertThat(err.toString()).contains("between web4-reference").contains(" and web4py");
    String html = Files.readString(out.resolve("comparison.html"), StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("<script").doesNotContainPattern("(src|href)=\"https?://");
    int requirements = new ObjectMapper().readTree(reference.toFile()).path("requirements").size();
    assertThat(requirements).isGreaterThan(200);
    assertThat(count(html, "<tr id=\"")).isEqualTo(requirements);
    assertThat(html).containsPattern("<th>web4-reference [^<]+</th><th>web4py [^<]+</th>");
    int differences = differences(html);
    int same = html.indexOf("id=\"same\"");
    for (JsonNode r : new ObjectMapper().readTree(reference.toFile()).path("requirements")) {
      int row = html.indexOf("<tr id=\"" + r.path("id").asText() + "\">");
      assertThat(row).as(r.path("id").asText()).isPositive();
      assertThat(row < same)
          .as(r.path("id").asText() + " is a difference")
          .isEqualTo(differenceRow(html, row));
    }
    assertThat(html).contains("Differences (" + differences + ")");
    String md = Files.readString(out.resolve("comparison.md"), StandardCharsets.UTF_8);
    assertThat(md).contains("## Differences (" + differences + ")");
  }

  /** The number the page gives in its differences heading. */
  private static int differences(String html) {
    Matcher m = Pattern.compile("Differences \\((\\d+)\\)").matcher(html);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Whether the row's cells carry different verdicts (their classes). */
  private static boolean differenceRow(String html, int row) {
    String tr = html.substring(row, html.indexOf("</tr>", row));
    Matcher m = Pattern.compile("<td class=\"([a-z_]+)\">").matcher(tr);
    String first = null;
    while (m.find()) {
      if (first == null) {
        first = m.group(1);
      } else if (!first.equals(m.group(1))) {
        return true;
      }
    }
    return false;
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
