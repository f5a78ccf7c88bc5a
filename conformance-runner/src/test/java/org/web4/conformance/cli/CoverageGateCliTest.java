package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.web4.conformance.report.JunitXmlReport;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.JsonFind;
import org.web4.conformance.testing.KitFiles;
import org.web4.envelope.SchemaCatalog;
import picocli.CommandLine;

/**
 * The coverage gate through the CLI: a requirement that no check covers fails the run (exit 1) and
 * is named on the console and in every report; checks left out by {@code --tags} do not.
 */
class CoverageGateCliTest {
  private static final String UNCOVERED = "ENV-GATE-001";

  /** The bundled spec plus one requirement that no check covers. */
  private static RequirementCatalog specWithAnUncoveredRequirement(Path dir) throws IOException {
    Path spec = Files.createDirectories(dir.resolve("spec"));
    try (Stream<Path> files = Files.list(KitFiles.root().resolve("spec"))) {
      for (Path f : files.toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".md") || name.equals("VERSION")) {
          Files.copy(f, spec.resolve(name));
        }
      }
    }
    Files.writeString(
        spec.resolve("zz-gate.md"),
        "- **[" + UNCOVERED + "]** (MUST) A requirement whose only check was removed.\n",
        StandardCharsets.UTF_8);
    return RequirementCatalog.fromDirectory(spec);
  }

  @Test
  void aRequirementWithoutCheckFailsTheRunAndIsNamed(@TempDir Path dir) throws Exception {
    RequirementCatalog catalog = specWithAnUncoveredRequirement(dir);
    Path reports = dir.resolve("reports");
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine(catalog).setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "run",
            "--report-dir",
            reports.toString(),
            "--seed",
            "3",
            "--examples",
            "2",
            "--tags",
            "@ENV-SIG-004");

    assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString())
        .contains(" 0 failed, ")
        .contains("(not declared: " + UNCOVERED + ")")
        .contains("  UNTESTED " + UNCOVERED + ": no check covers it")
        .containsPattern("\\d+ not selected");

    JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    assertThat(SchemaCatalog.get().schema("report/report.schema.json").validate(report)).isEmpty();
    assertThat(report.path("summary").path("succeeded").asBoolean()).isFalse();
    assertThat(report.path("summary").path("failed").asInt()).isZero();
    assertThat(report.path("coverage_gate").path("passed").asBoolean()).isFalse();
    assertThat(report.path("coverage_gate").path("untested").findValuesAsText("id"))
        .containsExactly(UNCOVERED);
    assertThat(JsonFind.element(report.path("requirements"), "id", UNCOVERED).path("verdict"))
        .hasToString("\"untested\"");
    // a scenario requirement that --tags left out is not selected, not untested
    assertThat(JsonFind.element(report.path("requirements"), "id", "CIP-HS-001").path("verdict"))
        .hasToString("\"not_selected\"");

    NodeList failures =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(reports.resolve("junit.xml").toFile())
            .getElementsByTagName("failure");
    assertThat(failures.getLength()).isEqualTo(1);
    Element testcase = (Element) failures.item(0).getParentNode();
    assertThat(testcase.getAttribute("name")).isEqualTo(UNCOVERED + " untested");
    assertThat(testcase.getAttribute("classname")).isEqualTo(JunitXmlReport.COVERAGE_SUITE);

    String html = Files.readString(reports.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("INCOMPLETE").contains(UNCOVERED + "</code></a>: no check covers it");
  }

  @Test
  void listShowsTheRequirementUntestedAndTheDeclaredReasons(@TempDir Path dir) throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli =
        ConformanceCommand.commandLine(specWithAnUncoveredRequirement(dir))
            .setOut(new PrintWriter(out));

    assertThat(cli.execute("list")).isZero();

    assertThat(out.toString())
        .contains(UNCOVERED + " MUST untested\n")
        .containsPattern("HAR-LIM-002 MUST 1 checks; may be untested without --slow: .*60 s");
  }

  @Test
  void theHelpListsTheExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setOut(new PrintWriter(out));

    assertThat(cli.execute("run", "--help")).isZero();

    assertThat(out.toString())
        .contains("Exit codes:")
        .contains("0   every check passed")
        .contains("1   a check failed or errored, an expected failure is stale, or a")
        .contains("2   usage, vectors, runner configuration or target error");
  }
}
