package org.web4.conformance.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.report.digest.ReportDigest;
import org.web4.conformance.report.digest.ReportFileException;
import org.web4.conformance.report.digest.ReportFiles;

/**
 * The comparison of reports that are not alike, from a real report.json (the embedded reference,
 * ENV-JCS-001's checks only: about a second) and a copy edited as another implementation's report
 * of another spec version would be: one requirement missing, one failed with a message that holds a
 * pipe, a line break and markup. Proves: the missing requirement and the failure come first, the
 * notes say the spec versions differ, two reports of one implementation name get their paths in the
 * column names, and IUT text breaks neither the Markdown table nor the HTML.
 */
class ComparisonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOSTILE = "a | b <script>alert(1)</script>\nsecond line";

  @TempDir static Path dir;
  private static Path original;
  private static Path edited;

  @BeforeAll
  static void twoReports() throws Exception {
    StringWriter err = new StringWriter();
    int exit =
        ConformanceCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "--requirement",
                "ENV-JCS-001",
                "--seed",
                "1",
                "--report-dir",
                dir.resolve("a").toString());
    assertThat(exit).as(err.toString()).isZero();
    original = dir.resolve("a/report.json");
    ObjectNode tree = (ObjectNode) JSON.readTree(original.toFile());
    ((ObjectNode) tree.path("header")).put("spec_version", "9.9.9");
    ArrayNode requirements = (ArrayNode) tree.path("requirements");
    for (int i = 0; i < requirements.size(); i++) {
      ObjectNode r = (ObjectNode) requirements.get(i);
      if (r.path("id").asText().equals("ENV-JCS-001")) {
        requirements.remove(i);
        break;
      }
    }
    ObjectNode failed = firstWithVerdict(requirements, "not_selected");
    failed.put("verdict", "failed");
    failed.putArray("cases").add("hostile#1");
    ((ArrayNode) tree.path("cases"))
        .addObject()
        .put("id", "hostile#1")
        .put("title", "t")
        .put("outcome", "failed")
        .put("message", HOSTILE);
    edited = dir.resolve("b/report.json");
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(edited, JSON.writeValueAsString(tree), StandardCharsets.UTF_8);
  }

  @Test
  void differencesComeFirstWithNotesAndDistinctColumnNames() throws Exception {
    Comparison c =
        Comparison.of(
            List.of(ReportFiles.read(original), ReportFiles.read(dir.resolve("b"))),
            List.of("a/report.json", "b"));

    assertThat(c.differing()).hasSize(2);
    assertThat(c.rows().subList(0, 2)).allMatch(Comparison.Row::differs);
    Comparison.Row missing =
        c.differing().stream()
            .filter(r -> r.requirement().id().equals("ENV-JCS-001"))
            .findFirst()
            .orElseThrow();
    assertThat(missing.cells().get(0).verdict()).isEqualTo("passed");
    assertThat(missing.cells().get(1).verdict()).isNull();
    assertThat(c.notes()).first().asString().contains("different spec versions");
    // both runs selected ENV-JCS-001's checks only: each note says how much was left out
    assertThat(c.notes().subList(1, 3))
        .allMatch(n -> n.contains("the run's selection left out the checks of "));
    assertThat(c.columns())
        .extracting(Comparison.Column::name)
        .allMatch(n -> n.startsWith("web4-reference "))
        .anyMatch(n -> n.endsWith("(a/report.json)"))
        .anyMatch(n -> n.endsWith("(b)"));
    assertThat(c.summaryLine()).contains(c.rows().size() + " requirements, 2 differ between");
  }

  @Test
  void iutTextBreaksNeitherTheTableNorThePage() throws Exception {
    Comparison c =
        Comparison.of(
            List.of(ReportFiles.read(original), ReportFiles.read(edited)), List.of("a", "b"));

    String md = ComparisonMarkdown.render(c);
    // a row: the requirement and two verdicts, between pipes that no escaped pipe adds to
    md.lines()
        .filter(l -> l.startsWith("| `"))
        .forEach(l -> assertThat(l.split("(?<!\\\\)\\|", -1)).as(l).hasSize(5));
    assertThat(md).contains("`hostile#1`: a \\| b &lt;script&gt;").doesNotContain("second line");
    assertThat(md).contains("| not in this report |");

    String html = ComparisonHtml.render(c);
    assertThat(html).doesNotContain("<script").contains("a | b &lt;script&gt;alert(1)");
    assertThat(html).contains("<td class=\"absent\">not in this report</td>");
    assertThat(html).contains("<p class=\"note\">the reports use different spec versions");
  }

  @Test
  void whatIsNotAReportIsRefusedNamingTheFile() throws Exception {
    Path notJson = Files.writeString(dir.resolve("x.json"), "{", StandardCharsets.UTF_8);
    assertThatThrownBy(() -> ReportFiles.read(notJson))
        .isInstanceOf(ReportFileException.class)
        .hasMessageStartingWith(notJson + ": not JSON");
    assertThatThrownBy(() -> ReportFiles.read(dir.resolve("nothing")))
        .isInstanceOf(ReportFileException.class)
        .hasMessage(dir.resolve("nothing") + ": no such file");
    JsonNode noHeader = JSON.readTree("{\"report_version\":\"1.1\",\"requirements\":[]}");
    assertThatThrownBy(() -> ReportDigest.of(noHeader, "r.json"))
        .isInstanceOf(ReportFileException.class)
        .hasMessage("r.json: report.json has no \"header\" object");
  }

  private static ObjectNode firstWithVerdict(ArrayNode requirements, String verdict) {
    for (JsonNode r : requirements) {
      if (r.path("verdict").asText().equals(verdict)) {
        return (ObjectNode) r;
      }
    }
    throw new AssertionError("no requirement " + verdict);
  }
}
