package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunClaim;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.UntestedDeclaration;
import org.web4.conformance.testing.AfterTheOtherClasses;
import org.web4.conformance.testing.JsonFind;
import org.web4.conformance.testing.KitRunInBackground;
import org.web4.conformance.testing.ReferenceKitRun;
import org.web4.envelope.SchemaCatalog;
import picocli.CommandLine;

/**
 * The big one: every check passes against the embedded reference implementation. Its verdicts,
 * console and reports are those of the build's one whole-kit run against the reference ({@link
 * ReferenceKitRun}, docs/adr/1102), a real {@code web4-conformance run} shared with the other tests
 * that read them.
 */
@AfterTheOtherClasses
class EmbeddedReferenceRunTest {
  private static RunResult run;

  @BeforeAll
  static void runOnce() {
    run = ReferenceKitRun.get().result();
  }

  @Test
  void everyVectorCasePasses() {
    List<String> notPassed =
        run.cases().stream()
            .filter(c -> c.outcome() != Outcome.PASSED)
            .map(c -> c.id() + " " + c.outcome() + ": " + c.message())
            .toList();

    // the two slow checks are skipped unless the run asks for --slow, and say why
    assertThat(notPassed)
        .containsExactly(
            "harness/stalled-request SKIPPED: takes up to 60 s; run with --slow",
            "features/rtt/connection_cap.feature:9 SKIPPED: takes a minute or more; run with --slow");
    assertThat(run.cases()).filteredOn(c -> c.kind() == CaseKind.VECTOR).hasSize(417);
    assertThat(run.cases()).filteredOn(c -> c.kind() == CaseKind.SCENARIO).hasSizeGreaterThan(70);
    assertThat(run.cases()).filteredOn(c -> c.kind() == CaseKind.PROPERTY).hasSize(9);
    assertThat(run.cases()).extracting(CaseResult::id).doesNotHaveDuplicates();
    assertThat(run.succeeded()).isTrue();
    assertThat(run.summaryLine())
        .isEqualTo(
            (run.cases().size() - 2) + " passed, 0 failed, 2 skipped, 0 errored, 0 not applicable");
  }

  /**
   * The coverage gate's exact set: without --slow, the untested requirements are exactly those
   * spec/README.md §7 declares, and those are exactly the two of the one slow check. A requirement
   * whose last check disappears, or a new declaration, changes this test on purpose.
   */
  @Test
  void theUntestedRequirementsAreExactlyTheDeclaredOnes() {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    List<String> untested =
        run.coverage().entries().stream()
            .filter(e -> e.verdict() == RequirementVerdict.UNTESTED)
            .map(RequirementCoverage.Entry::id)
            .toList();

    // HAR-ERR-005 has a second check that runs without --slow; one passed check passes it
    assertThat(untested).containsExactly("HAR-LIM-002", "RTT-LIM-010");
    assertThat(catalog.untestedDeclarations())
        .extracting(UntestedDeclaration::id)
        .containsExactlyElementsOf(untested);
    assertThat(run.coverage().undeclaredUntested()).isEmpty();
    assertThat(run.coverage().declaredUntested())
        .allSatisfy(e -> assertThat(e.declaredWhen()).isEqualTo("without --slow"));
    assertThat(run.coverage().entries())
        .extracting(RequirementCoverage.Entry::verdict)
        .containsOnly(RequirementVerdict.PASSED, RequirementVerdict.UNTESTED);
    assertThat(run.coverage().passed()).isTrue();
    assertThat(run.coverage().summaryLine())
        .isEqualTo(
            catalog.size()
                + " requirements: "
                + (catalog.size() - 2)
                + " passed, 0 failed, 2 untested (declared: HAR-LIM-002, RTT-LIM-010 without"
                + " --slow)");
  }

  /**
   * The wire judge held everything the reference sent in every scenario to the judged requirements
   * and found nothing wrong: every case of the wire-judge suite passed, with what it judged.
   */
  @Test
  void theWireJudgeFindsNothingWrongInWhatTheReferenceSent() {
    List<CaseResult> judged = run.cases().stream().filter(c -> c.kind() == CaseKind.JUDGE).toList();

    assertThat(judged)
        .extracting(CaseResult::id)
        .contains(
            "wire-judge/RTT-FR-001",
            "wire-judge/RTT-FR-002",
            "wire-judge/RTT-ERR-002",
            "wire-judge/ENV-GEN-001",
            "wire-judge/RTT-HS-003");
    assertThat(judged)
        .allSatisfy(
            c -> {
              assertThat(c.suite()).isEqualTo("wire-judge");
              assertThat(c.outcome()).as(c.id() + ": " + c.message()).isEqualTo(Outcome.PASSED);
              assertThat(c.message()).matches("judged [1-9][0-9]* .*");
            });
  }

  @Test
  void headerNamesTheImplementationAndTheRun() {
    assertThat(run.header().implementationName()).isEqualTo("web4-reference");
    assertThat(run.header().identity()).isNotNull();
    assertThat(run.header().seed()).isEqualTo(42);
    assertThat(run.header().profile()).isEqualTo(Profile.FULL);
    assertThat(run.header().specVersion()).isEqualTo("0.4.0");
    assertThat(run.header().vectorsManifestSha256()).matches("[0-9a-f]{64}");
  }

  @Test
  void reportsAreWrittenAndValid(@TempDir Path dir) throws Exception {
    ReportWriter.write(run, RequirementCatalog.bundled(), dir);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("report.json").toFile());
    assertThat(SchemaCatalog.get().schema("report/report.schema.json").validate(json)).isEmpty();
    assertThat(json.path("summary").path("passed").asInt()).isEqualTo(run.cases().size() - 2);
    JsonNode jcs001 = JsonFind.element(json.path("requirements"), "id", "ENV-JCS-001");
    assertThat(jcs001.path("verdict").asText()).isEqualTo("passed");
    assertThat(jcs001.path("cases").toString()).contains("jcs/jcs_test.json#1");
    assertThat(json.path("coverage_gate").path("passed").asBoolean()).isTrue();
    assertThat(json.path("coverage_gate").path("untested")).isEmpty();
    assertThat(json.path("coverage_gate").path("declared_untested").findValuesAsText("id"))
        .containsExactly("HAR-LIM-002", "RTT-LIM-010");
    assertThat(json.path("profiles").findValuesAsText("verdict"))
        .containsExactly("conforms", "conforms", "conforms");
    JsonNode lim002 = JsonFind.element(json.path("requirements"), "id", "HAR-LIM-002");
    assertThat(lim002.path("verdict").asText()).isEqualTo("untested");
    assertThat(lim002.path("declared_untested_when").asText()).isEqualTo("without --slow");
    assertThat(lim002.path("why").asText()).contains("60 s");

    Document junit =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(dir.resolve("junit.xml").toFile());
    // one testcase per case, and one per declared untested requirement in requirement-coverage
    assertThat(junit.getElementsByTagName("testcase").getLength())
        .isEqualTo(run.cases().size() + 2);
    assertThat(junit.getElementsByTagName("testsuite").getLength())
        .isEqualTo(run.cases().stream().map(CaseResult::suite).distinct().count() + 1);
    assertThat(junit.getElementsByTagName("failure").getLength()).isZero();

    String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
    assertThat(html)
        .contains("ENV-JCS-001")
        .contains("<style>")
        .doesNotContainPattern("<script[^>]* src=");
    // the page's verdict is the console's claim line, with what was left untested (issue 16)
    assertThat(html)
        .contains(RunClaim.claim(run))
        .contains(run.coverage().summaryLine())
        .doesNotContain("no failures");
    assertThat(html).doesNotContainPattern("(src|href)=\"https?://");
  }

  @Test
  void coreProfileMakesTheHarnessSuitesNotApplicable() throws Exception {
    RunOptions core =
        new RunOptions(
            null,
            Profile.CORE,
            7,
            null,
            "@ENV",
            10,
            null,
            false,
            List.of("web4-conformance", "run"));
    RunResult result =
        new ConformanceRun(RequirementCatalog.bundled(), ProgressListener.NONE).execute(core);

    assertThat(result.cases()).allMatch(c -> c.outcome() == Outcome.NOT_APPLICABLE);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.header().tags()).isEqualTo("@ENV");
    assertThat(result.header().examples()).isEqualTo(10);
  }

  @Test
  void cliRunExitsZeroAndPrintsTheSummary() {
    KitRunInBackground.Finished cli = ReferenceKitRun.get();
    Path dir = cli.reportDir();

    assertThat(cli.exit()).as(cli.console()).isZero();
    assertThat(cli.console())
        .contains("jcs/jcs_test.json")
        .contains("features/envelope/signature.feature")
        .contains(" passed, 0 failed, 2 skipped, 0 errored, 0 not applicable")
        .contains(
            " passed, 0 failed, 2 untested (declared: HAR-LIM-002, RTT-LIM-010 without --slow)")
        .doesNotContain("UNTESTED");
    assertThat(dir.resolve("report.json")).exists();
    assertThat(dir.resolve("report.html")).exists();
    assertThat(dir.resolve("junit.xml")).exists();
  }

  @Test
  void listShowsEveryRequirementWithItsChecks() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setOut(new PrintWriter(out));

    assertThat(cli.execute("list", "--format", "json")).isZero();

    JsonNode list = new ObjectMapper().readTree(out.toString());
    assertThat(list.size()).isEqualTo(RequirementCatalog.bundled().size());
    JsonNode sig004 = JsonFind.element(list, "id", "ENV-SIG-004");
    assertThat(sig004.path("checks").toString()).contains("ed25519/ed25519_verify_test.json#");
    assertThat(sig004.has("untested_when")).isFalse();
    JsonNode lim002 = JsonFind.element(list, "id", "HAR-LIM-002");
    assertThat(lim002.path("untested_when").path("condition").asText()).isEqualTo("without --slow");
    assertThat(lim002.path("untested_when").path("reason").asText()).contains("60 s");
  }

  @Test
  void badUsageExitsTwo() {
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(new StringWriter()));

    assertThat(cli.execute("run", "--profile", "gold")).isEqualTo(2);
    assertThat(cli.execute("run", "--no-such-option")).isEqualTo(2);
  }
}
