package org.web4.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.apicatalog.jsonld.JsonLd;
import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.JsonDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.json.JsonArray;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.testing.LenientHarness;
import org.web4.conformance.testing.TargetFiles;

/**
 * The exports written beside report.json, from a real run of the CLI (ENV-SIG-004's checks only, a
 * few seconds) against the lenient miniature, which accepts every envelope: summary.md names the
 * failed requirement with its failing cases and lists no requirement the selection left out, and
 * report.earl.jsonld is JSON-LD that a JSON-LD 1.1 processor (Titanium) expands, without fetching
 * anything, into one EARL assertion per requirement whose outcome is the verdict's.
 */
class OneRunExportsTest {
  private static final String EARL = "http://www.w3.org/ns/earl#";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  private static LenientHarness lenient;
  private static JsonNode report;

  @BeforeAll
  static void runAgainstTheLenientMiniature() throws Exception {
    lenient = new LenientHarness();
    Path descriptor =
        TargetFiles.connect(
            dir.resolve("lenient.json"), "lenient", lenient.url(), LenientHarness.TOKEN);
    StringWriter err = new StringWriter();
    int exit =
        ConformanceCommand.commandLine()
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "--target",
                descriptor.toString(),
                "--requirement",
                "ENV-SIG-004",
                "--seed",
                "5",
                "--report-dir",
                dir.resolve("reports").toString());
    assertThat(exit).as(err.toString()).isEqualTo(1);
    report = JSON.readTree(dir.resolve("reports/report.json").toFile());
  }

  @AfterAll
  static void stop() {
    lenient.close();
  }

  @Test
  void markdownSummaryNamesTheFailureAndItsCases() throws Exception {
    String md = Files.readString(dir.resolve("reports/summary.md"), StandardCharsets.UTF_8);

    assertThat(md).startsWith("## Web4 conformance: ").contains("❌ did not succeed");
    assertThat(md)
        .contains("seed 5")
        .contains(report.path("coverage_gate").path("summary").asText());
    String row =
        md.lines().filter(l -> l.startsWith("| `ENV-SIG-004` |")).findFirst().orElseThrow();
    assertThat(row)
        .contains("| failed |")
        .contains("`ed25519/ed25519_verify_test.json#")
        .contains("more");
    // the requirements --requirement left out are counted in the requirement line, not listed
    assertThat(md).doesNotContain("| not selected |").doesNotContain("`CIP-HS-001`");
    // every table row has as many cells as its header: no message broke the table
    md.lines()
        .filter(l -> l.startsWith("| `"))
        .forEach(l -> assertThat(l.split("(?<!\\\\)\\|", -1)).as(l).hasSize(5));
  }

  @Test
  void earlExpandsAsJsonLdIntoOneAssertionPerRequirement() throws Exception {
    JsonNode expanded = expandWithoutNetwork(dir.resolve("reports/report.earl.jsonld"));

    List<JsonNode> assertions = new ArrayList<>();
    expanded.forEach(
        n -> {
          if (n.path("@type").toString().contains(EARL + "Assertion")) {
            assertions.add(n);
          }
        });
    assertThat(assertions).hasSize(report.path("requirements").size());
    Map<String, String> outcomeByTest = new HashMap<>();
    for (JsonNode a : assertions) {
      // every term of the context expanded: nothing was dropped for lack of a mapping
      assertThat(a.fieldNames())
          .toIterable()
          .containsExactlyInAnyOrder(
              "@type",
              EARL + "assertedBy",
              EARL + "subject",
              EARL + "test",
              EARL + "mode",
              EARL + "result");
      assertThat(a.path(EARL + "mode").get(0).path("@id").asText()).isEqualTo(EARL + "automatic");
      JsonNode result = a.path(EARL + "result").get(0);
      assertThat(result.path("@type").toString()).contains(EARL + "TestResult");
      assertThat(result.path("http://purl.org/dc/terms/date").get(0).path("@type").asText())
          .isEqualTo("http://www.w3.org/2001/XMLSchema#dateTime");
      assertThat(result.path(EARL + "info").get(0).path("@value").asText()).startsWith("verdict: ");
      outcomeByTest.put(
          a.path(EARL + "test").get(0).path("@id").asText(),
          result.path(EARL + "outcome").get(0).path("@id").asText());
    }
    for (JsonNode r : report.path("requirements")) {
      assertThat(outcomeByTest.get("urn:web4:requirement:" + r.path("id").asText()))
          .as(r.path("id").asText())
          .isEqualTo(EARL + earlOutcome(r.path("verdict").asText()));
    }
    assertThat(outcomeByTest.get("urn:web4:requirement:ENV-SIG-004")).isEqualTo(EARL + "failed");
    assertThat(outcomeByTest.get("urn:web4:requirement:CIP-HS-001")).isEqualTo(EARL + "untested");

    JsonNode subject = node(expanded, EARL + "TestSubject");
    assertThat(subject.path("http://usefulinc.com/ns/doap#name").get(0).path("@value").asText())
        .isEqualTo("lenient");
    JsonNode assertor = node(expanded, EARL + "Assertor");
    assertThat(assertor.path("http://usefulinc.com/ns/doap#name").get(0).path("@value").asText())
        .isEqualTo("Web4 Conformance Kit");
    assertThat(assertions.get(0).path(EARL + "subject").get(0).path("@id").asText())
        .isEqualTo(subject.path("@id").asText());
  }

  /** EARL 1.0 §2.7, mapped from report.json's verdicts as docs/adr/0309 decides. */
  private static String earlOutcome(String verdict) {
    return switch (verdict) {
      case "passed" -> "passed";
      case "failed", "expected_failure" -> "failed";
      case "not_applicable" -> "inapplicable";
      case "untested", "not_selected" -> "untested";
      default -> throw new AssertionError("verdict " + verdict);
    };
  }

  private static JsonNode node(JsonNode expanded, String type) {
    for (JsonNode n : expanded) {
      if (n.path("@type").toString().contains(type)) {
        return n;
      }
    }
    throw new AssertionError("no node of type " + type);
  }

  /** Expanded by Titanium with a document loader that refuses: the context is all inline. */
  private static JsonNode expandWithoutNetwork(Path file) throws Exception {
    try (InputStream in = Files.newInputStream(file)) {
      JsonArray expanded =
          JsonLd.expand(JsonDocument.of(in))
              .loader(
                  (url, options) -> {
                    throw new JsonLdError(
                        JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "no network in this test: " + url);
                  })
              .get();
      return JSON.readTree(expanded.toString());
    }
  }
}
