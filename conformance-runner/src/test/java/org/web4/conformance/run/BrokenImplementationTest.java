package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.JsonFind;
import org.web4.conformance.testing.LenientHarness;
import org.web4.conformance.vectors.EnvelopeVerifySuite;
import org.web4.conformance.vectors.VectorSet;
import org.web4.envelope.SchemaCatalog;
import picocli.CommandLine;

/** Test the tester: the runner must fail an implementation that accepts everything. */
class BrokenImplementationTest {
  private static LenientHarness lenient;

  @BeforeAll
  static void start() throws Exception {
    lenient = new LenientHarness();
  }

  @AfterAll
  static void stop() {
    lenient.close();
  }

  @Test
  void envelopeSuiteFailsOnTheSignatureAndValidationRequirements() throws Exception {
    VectorSet vectors = VectorSet.fromClasspath();
    EnvelopeVerifySuite suite =
        new EnvelopeVerifySuite(
            vectors.files().stream()
                .filter(f -> f.path().equals("envelope/envelope_test.json"))
                .findFirst()
                .orElseThrow());
    RequirementCatalog catalog = RequirementCatalog.bundled();
    List<CaseResult> results =
        new ConformanceRunner(
                catalog,
                Profile.FULL,
                1,
                new HarnessClient(lenient.url(), LenientHarness.TOKEN),
                ProgressListener.NONE)
            .run(List.of(suite));

    Set<String> failedRequirements = new TreeSet<>();
    for (CaseResult c : results) {
      if (c.outcome() == Outcome.FAILED) {
        failedRequirements.addAll(c.requirements());
        assertThat(c.request()).isNotNull();
        assertThat(c.reply()).isNotNull();
        assertThat(String.valueOf(c.expected())).contains("\"result\":\"invalid\"");
      }
    }
    assertThat(failedRequirements)
        .contains(
            "ENV-SIG-002",
            "ENV-SIG-004",
            "ENV-SIG-006",
            "ENV-SIG-007",
            "ENV-ID-002",
            "ENV-TIME-002",
            "ENV-RPL-001",
            "ENV-JSON-002",
            "ENV-ERR-001");
    // valid envelopes are still accepted: those cases pass
    assertThat(results).anyMatch(c -> c.outcome() == Outcome.PASSED);
    assertThat(results).noneMatch(c -> c.outcome() == Outcome.ERRORED);

    Map<String, RequirementVerdict> verdicts = new HashMap<>();
    CoverageGate.judge(catalog, results, CoverageGate.Scope.everything(false))
        .entries()
        .forEach(e -> verdicts.put(e.id(), e.verdict()));
    assertThat(verdicts.get("ENV-SIG-004")).isEqualTo(RequirementVerdict.FAILED);
    assertThat(verdicts.get("ENV-JCS-001")).isEqualTo(RequirementVerdict.UNTESTED);
  }

  @Test
  void cliRunAgainstAConnectTargetExitsOneWithReports(@TempDir Path dir) throws Exception {
    Path descriptor = dir.resolve("lenient.json");
    Files.writeString(
        descriptor,
        "{\"name\":\"lenient\",\"connect\":{\"harness_url\":\""
            + lenient.url()
            + "\",\"harness_token\":\""
            + LenientHarness.TOKEN
            + "\"},\"profile\":\"full\"}",
        StandardCharsets.UTF_8);
    Path reports = dir.resolve("reports");
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(err));

    int exit =
        cli.execute(
            "run",
            "--target",
            descriptor.toString(),
            "--report-dir",
            reports.toString(),
            "--tags",
            "not @rtt"); // the lenient harness has no RTT endpoint

    assertThat(exit).as(err.toString()).isEqualTo(1);
    assertThat(err.toString())
        .containsPattern("\\d+ passed, \\d+ failed, 0 skipped, \\d+ errored, \\d+ not applicable");

    JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    assertThat(SchemaCatalog.get().schema("report/report.schema.json").validate(report)).isEmpty();
    // the garbled reply to canonicalize([1E2]) errors the vector case and the scenario that send
    // it,
    java.util.List<String> errored = new java.util.ArrayList<>();
    report
        .path("cases")
        .forEach(
            c -> {
              if (c.path("outcome").asText().equals("errored")) {
                errored.add(c.path("id").asText());
              }
            });
    // and the lenient harness drops the connection on a malformed body: the harness check errors
    assertThat(errored)
        .containsExactlyInAnyOrder(
            "jcs/jcs_test.json#33",
            "features/envelope/canonical.feature:21",
            "harness/bad-requests");
    // it serves one request at a time, so while connections stall it neither accepts nor answers
    // another (HAR-LIM-006): silence within the hang guard is the harness's failure, not the kit's
    JsonNode stalled = JsonFind.element(report.path("cases"), "id", "harness/stalled-connections");
    assertThat(stalled.path("outcome").asText()).isEqualTo("failed");
    JsonNode garbled = JsonFind.element(report.path("cases"), "id", "jcs/jcs_test.json#33");
    assertThat(garbled.path("reply").asText()).isEqualTo("oops, not JSON");
    assertThat(garbled.path("request").path("input").asText()).isEqualTo("5b3145325d");
    assertThat(garbled.path("trace").asText()).contains("HarnessException");
    // report.json 2.0 (issue 16): an errored case's trace as TRACE evidence, its request decoded
    assertThat(garbled.path("evidence").findValuesAsText("kind")).contains("TRACE", "JSON");
    assertThat(JsonFind.element(garbled.path("evidence"), "kind", "JSON").path("text").asText())
        .isEqualTo("[1E2]");

    // a canonicalization failure reads as a diff naming its first differing byte, not two hex
    // strings (the lenient harness echoes [0.00000000000000000e+00] where [0] is canonical)
    JsonNode zero = JsonFind.element(report.path("cases"), "id", "jcs/jcs_test.json#7");
    assertThat(zero.path("outcome").asText()).isEqualTo("failed");
    JsonNode diff = JsonFind.element(zero.path("evidence"), "kind", "DIFF");
    assertThat(diff.path("label").asText())
        .isEqualTo("canonical form (first difference at byte 2)");
    assertThat(diff.path("text").asText())
        .isEqualTo("expected: [0]\nactual:   [0.00000000000000000e+00]\n");
    assertThat(diff.path("hex").asText()).startsWith("expected: 5b305d\nactual:   5b30");
    JsonNode decodedOutput =
        JsonFind.element(zero.path("evidence"), "label", "reply.output (decoded)");
    assertThat(decodedOutput.path("text").asText()).isEqualTo("[0.00000000000000000e+00]");
    assertThat(decodedOutput.path("bytes").asInt()).isEqualTo(25);

    // a failed scenario carries the exchange its message cites as request and reply, the envelope
    // it sent decoded (the lenient harness accepts a tampered signature)
    boolean scenarioWithDecodedEnvelope = false;
    for (JsonNode c : report.path("cases")) {
      if (c.path("kind").asText().equals("scenario")
          && c.path("outcome").asText().equals("failed")
          && c.path("request").isObject()
          && c.path("evidence").findValuesAsText("label").contains("request.envelope (decoded)")) {
        scenarioWithDecodedEnvelope = true;
      }
    }
    assertThat(scenarioWithDecodedEnvelope)
        .as("a failed scenario with its envelope decoded")
        .isTrue();

    var junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(reports.resolve("junit.xml").toFile());
    assertThat(junit.getElementsByTagName("failure").getLength()).isPositive();
    assertThat(junit.getElementsByTagName("error").getLength()).isEqualTo(errored.size());
    String html = Files.readString(reports.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html).contains("DOES NOT CONFORM").contains("envelope/envelope_test.json#");
  }

  @Test
  void aWrongTokenIsATargetErrorExitTwo(@TempDir Path dir) throws Exception {
    Path descriptor = dir.resolve("bad-token.json");
    Files.writeString(
        descriptor,
        "{\"name\":\"x\",\"connect\":{\"harness_url\":\""
            + lenient.url()
            + "\",\"harness_token\":\"wrong\"}}",
        StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(err));

    assertThat(
            cli.execute("run", "--target", descriptor.toString(), "--report-dir", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("target error").contains("401");
  }

  @Test
  void anInvalidDescriptorIsAUsageError(@TempDir Path dir) throws Exception {
    Path descriptor = dir.resolve("both.json");
    Files.writeString(descriptor, "{\"name\":\"x\"}", StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(err));

    assertThat(cli.execute("run", "--target", descriptor.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not a valid target descriptor");
  }
}
