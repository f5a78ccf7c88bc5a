package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.testing.JsonFind;
import picocli.CommandLine;

/**
 * Selection through the real CLI against the embedded reference (a few seconds: one requirement's
 * checks): {@code --requirement ENV-JCS-004} runs the vectors and scenarios of that requirement and nothing else, the requirements it left out are "not selected" naming the option;
 * {@code --rerun} of that report, with one case marked failed, runs exactly that case; {@code --tags
 * @nothing} is a usage error.
 */
class SelectionCliTest {
  private static final String REQUIREMENT = "ENV-JCS-004";

  private record Run(int exit, String err) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), err.toString());
  }

  @Test
  void aRequirementRunsItsChecksInEverySuiteAndRerunRunsTheFailedCase(@TempDir Path dir)
      throws Exception {
    Path first = dir.resolve("first");
    Run r =
        run(
            "run",
            "--report-dir",
            first.toString(),
            "--seed",
            "5",
            "--examples",
            "2",
            "--requirement",
            REQUIREMENT);

    assertThat(r.exit()).as(r.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    JsonNode report = json.readTree(first.resolve("report.json").toFile());
    List<String> kinds = new ArrayList<>();
    for (JsonNode c : report.path("cases")) {
      assertThat(c.path("requirements").toString()).contains(REQUIREMENT);
      kinds.add(c.path("kind").asText());
    }
    assertThat(kinds).contains("vector", "scenario");
    JsonNode leftOut = JsonFind.element(report.path("requirements"), "id", "CIP-HS-001");
    assertThat(leftOut.path("verdict").asText()).isEqualTo("not_selected");
    assertThat(leftOut.toString()).contains("--requirement " + REQUIREMENT + " left out");

    // the same report with its first case marked failed
    ObjectNode doctored = (ObjectNode) report.deepCopy();
    ObjectNode failed = (ObjectNode) doctored.path("cases").get(0);
    failed.put("outcome", "failed");
    Path reportFile = dir.resolve("doctored.json");
    json.writeValue(reportFile.toFile(), doctored);
    Path second = dir.resolve("second");

    Run rerun =
        run(
            "run",
            "--report-dir",
            second.toString(),
            "--seed",
            "5",
            "--rerun",
            reportFile.toString());

    assertThat(rerun.exit()).as(rerun.err()).isZero();
    JsonNode again = json.readTree(second.resolve("report.json").toFile());
    assertThat(again.path("cases").findValuesAsText("id"))
        .containsExactly(failed.path("id").asText());
  }

  @Test
  void tagsThatSelectNoScenarioAreAUsageError(@TempDir Path dir) {
    Run r = run("run", "--report-dir", dir.toString(), "--tags", "@nothing");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("web4-conformance: --tags @nothing selects no scenario\n");
  }
}
