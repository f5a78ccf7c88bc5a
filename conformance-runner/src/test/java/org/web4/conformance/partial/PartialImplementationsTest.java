package org.web4.conformance.partial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.NotApplicableReasons;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.EmbeddedTarget;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.envelope.SchemaCatalog;
import org.web4.harness.HarnessServer;

/**
 * The "Done when" of issue 15, on partial implementations built here: the kit tests what an
 * implementation lists and calls the rest not applicable — no errored case, no harness-API false
 * failure, exactly the requirements its defects violate.
 */
class PartialImplementationsTest {
  private static final String TOKEN = "partial-token";
  private static final RequirementCatalog CATALOG = RequirementCatalog.bundled();

  /**
   * Proves that a harness listing only {@code canonicalize}, over LS-style Python canonical JSON,
   * fails exactly the requirements of its seven defects, every case of another operation is not
   * applicable (naming the capability), no harness-API check fails, and the library profile does
   * not conform. The whole kit runs (library profile, 20 examples per property): everything but the
   * canonicalize checks is not applicable without contacting it, so this takes seconds.
   */
  @Test
  void aCanonicalizeOnlyHarnessFailsExactlyItsDefects(@TempDir Path reports) throws Exception {
    RunResult result;
    try (HarnessServer server = new HarnessServer()) {
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              TOKEN,
              new LsStyleBackend());
      TargetDescriptor target =
          new TargetDescriptor(
              "LS-style canonicalize",
              null,
              new TargetDescriptor.Connect("http://127.0.0.1:" + port + "/harness/v1", TOKEN, null),
              null,
              null);
      result =
          new ConformanceRun(CATALOG, ProgressListener.NONE)
              .execute(
                  new RunOptions(
                      target, Profile.LIBRARY, 15, null, null, 20, null, false, List.of()));
    }

    assertThat(result.tally().get(Outcome.ERRORED)).isZero();
    assertThat(failedRequirements(result))
        .as(describe(result.cases()))
        .isEqualTo(
            Set.of(
                // 56.0 for 56 and 1e-07 for 1e-7 (Python's float repr): the number rule
                "ENV-JCS-001",
                "ENV-JCS-003",
                // member names in code-point order, not UTF-16 code units
                "ENV-JCS-002",
                // duplicate member names accepted (the last wins)
                "ENV-JSON-002",
                // 1e309 accepted as Infinity; NaN and Infinity literals accepted (the vectors
                // count those as syntax: ENV-JSON-005)
                "ENV-JSON-004",
                "ENV-JSON-005",
                // no depth limit
                "ENV-LIM-002",
                // no number-length limit and no value limit (issue 20): a 4,097-character number
                // and 65,537 values are canonicalized, not refused
                "ENV-LIM-003",
                "ENV-LIM-004",
                // the harness's canonicalize answers carry the number rule
                "HAR-JCS-001"));
    assertThat(NotApplicableReasons.of(result.cases()).reasons())
        .extracting(NotApplicableReasons.Reason::reason)
        .contains(
            "not applicable: the implementation does not list capability \"verify/raw\"",
            "not applicable: the implementation does not list capability \"sign/envelope\"",
            "not applicable: profile \"library\" has no RTT");
    assertThat(result.profiles())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.profile()).isEqualTo(Profile.LIBRARY);
              assertThat(p.verdict()).isEqualTo(ProfileResult.Verdict.DOES_NOT_CONFORM);
            });
    assertThat(result.succeeded()).isFalse();

    ReportWriter.write(result, CATALOG, reports);
    JsonNode json = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    assertThat(SchemaCatalog.get().schema("report/report.schema.json").validate(json)).isEmpty();
    assertThat(json.path("summary").path("not_applicable_reasons").findValuesAsText("reason"))
        .contains("not applicable: the implementation does not list capability \"sign/raw\"");
    assertThat(json.path("profiles").findValuesAsText("verdict"))
        .containsExactly("does_not_conform");
    assertThat(Files.readString(reports.resolve("report.html")))
        .contains("Not applicable (never failed)")
        .contains("profile library: does not conform");
  }

  /**
   * Proves that a target that is only an RTT address ({@code {"rtt":"host:port"}}, no harness) runs
   * in profile core without asking for GET /info: the selected wire scenarios pass against the
   * reference's RTT endpoint, and every vector, property and harness check is not applicable
   * because core has no harness — none errors. Four handshake scenarios are selected: a second or
   * two.
   */
  @Test
  void anRttOnlyTargetRunsCoreWithoutAHarness(@TempDir Path dir) throws Exception {
    RunResult result;
    try (EmbeddedTarget reference = EmbeddedTarget.start(16)) {
      InetSocketAddress rtt = reference.rtt().orElseThrow();
      Path file = dir.resolve("rtt-only.json");
      Files.writeString(file, "{\"rtt\":\"127.0.0.1:" + rtt.getPort() + "\"}");
      TargetDescriptor target = TargetDescriptor.read(file);
      RunOptions options =
          new RunOptions(
              target, null, 16, null, "@RTT-HS-001 or @RTT-HS-006", 5, null, false, List.of());
      assertThat(options.effectiveProfile()).isEqualTo(Profile.CORE);
      result = new ConformanceRun(CATALOG, ProgressListener.NONE).execute(options);
    }

    assertThat(result.header().implementationName()).isNull(); // GET /info was never asked
    assertThat(result.tally().get(Outcome.ERRORED)).as(describe(result.cases())).isZero();
    assertThat(result.tally().get(Outcome.FAILED)).as(describe(result.cases())).isZero();
    assertThat(result.cases())
        .filteredOn(c -> c.id().startsWith("features/rtt/handshake.feature"))
        .hasSize(4)
        .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Outcome.PASSED));
    assertThat(result.cases())
        .filteredOn(
            c ->
                c.id().startsWith("harness/")
                    || c.id().startsWith("properties/")
                    || c.id().startsWith("jcs/"))
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.outcome()).isEqualTo(Outcome.NOT_APPLICABLE);
              assertThat(c.detail()).isEqualTo("not applicable: profile \"core\" has no harness");
            });
    assertThat(result.profiles())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.profile()).isEqualTo(Profile.CORE);
              // the selection left checks out: no profile verdict from a partial run
              assertThat(p.verdict()).isEqualTo(ProfileResult.Verdict.NOT_JUDGED);
            });
  }

  private static Set<String> failedRequirements(RunResult result) {
    Set<String> failed = new TreeSet<>();
    for (RequirementCoverage.Entry e : result.coverage().entries()) {
      if (e.verdict() == RequirementVerdict.FAILED) {
        failed.add(e.id());
      }
    }
    return failed;
  }

  static String describe(List<CaseResult> cases) {
    StringBuilder b = new StringBuilder();
    for (CaseResult c : cases) {
      if (c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED) {
        b.append(c.outcome()).append(' ').append(c.id()).append(' ').append(c.requirements());
        b.append(": ").append(c.message()).append('\n');
      }
    }
    return b.toString();
  }
}
