package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.miniatures.Defect;
import org.web4.conformance.miniatures.MiniatureBackend;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.harness.HarnessServer;
import picocli.CommandLine;

/**
 * Expected failures hide nothing: a listed failure is reported with its reason, an unlisted one
 * fails the run, and a listed entry whose cases pass is stale and fails the run too.
 */
class ExpectedFailuresTest {
  private static CaseResult result(String id, Outcome outcome, String... requirements) {
    return new CaseResult(
        id,
        "s",
        id,
        CaseKind.SCENARIO,
        List.of(requirements),
        outcome,
        null,
        Duration.ZERO,
        null,
        null,
        null,
        outcome == Outcome.FAILED ? "it failed" : null,
        List.of());
  }

  @Test
  void listedFailuresAreMarkedAndPassingEntriesAreStale() {
    ExpectedFailures expected =
        new ExpectedFailures(
            List.of(
                new ExpectedFailures.Entry("RTT-HB-003", "no heartbeat yet"),
                new ExpectedFailures.Entry("case-2", "known"),
                new ExpectedFailures.Entry("CIP-TRU-001", "fixed since"),
                new ExpectedFailures.Entry("LIP-X-001", "not run in this profile")));
    ExpectedFailures.Applied applied =
        expected.apply(
            List.of(
                result("case-1", Outcome.FAILED, "RTT-HB-003"),
                result("case-2", Outcome.ERRORED, "ENV-SIG-004"),
                result("case-3", Outcome.PASSED, "CIP-TRU-001"),
                result("case-4", Outcome.FAILED, "ENV-JCS-001"),
                result("case-5", Outcome.NOT_APPLICABLE, "LIP-X-001")));

    assertThat(applied.cases())
        .extracting(CaseResult::outcome)
        .containsExactly(
            Outcome.EXPECTED_FAILURE,
            Outcome.EXPECTED_FAILURE,
            Outcome.PASSED,
            Outcome.FAILED, // not listed: still fails the run
            Outcome.NOT_APPLICABLE);
    assertThat(applied.cases().get(0).detail()).contains("no heartbeat yet");
    assertThat(applied.cases().get(0).message()).isEqualTo("it failed");
    assertThat(applied.stale()).extracting(s -> s.id()).containsExactly("CIP-TRU-001");
  }

  @Test
  void theCliExitsZeroOnlyWhenEveryFailureIsListedAndNoEntryIsStale(@TempDir Path dir)
      throws Exception {
    try (HarnessServer server = new HarnessServer()) {
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              "xf-token",
              new MiniatureBackend(Defect.ACCEPTS_DUPLICATE_MEMBERS));
      Path descriptor = dir.resolve("miniature.json");
      Files.writeString(
          descriptor,
          "{\"name\":\"miniature\",\"connect\":{\"harness_url\":\"http://127.0.0.1:"
              + port
              + "/harness/v1\",\"harness_token\":\"xf-token\"},\"expected_failures\":\"xf.json\"}",
          StandardCharsets.UTF_8);

      // exactly its failure listed: the run succeeds, the failures are reported with the reason
      Files.writeString(
          dir.resolve("xf.json"),
          "{\"entries\":[{\"id\":\"ENV-JSON-002\",\"reason\":\"accepts duplicate members\"}]}",
          StandardCharsets.UTF_8);
      assertThat(run(descriptor, dir.resolve("r1"))).isZero();
      JsonNode report = new ObjectMapper().readTree(dir.resolve("r1/report.json").toFile());
      assertThat(report.path("summary").path("expected_failure").asInt()).isPositive();
      assertThat(report.path("expected_failures").path("stale")).isEmpty();

      // and a stale entry: the run fails and names it
      Files.writeString(
          dir.resolve("xf.json"),
          "{\"entries\":[{\"id\":\"ENV-JSON-002\",\"reason\":\"accepts duplicate members\"},"
              + "{\"id\":\"ENV-JCS-001\",\"reason\":\"long fixed\"}]}",
          StandardCharsets.UTF_8);
      assertThat(run(descriptor, dir.resolve("r2"))).isEqualTo(1);
      JsonNode stale = new ObjectMapper().readTree(dir.resolve("r2/report.json").toFile());
      assertThat(stale.path("expected_failures").path("stale").path(0).path("id").asText())
          .isEqualTo("ENV-JCS-001");

      // nothing listed: the failure fails the run
      Files.writeString(dir.resolve("xf.json"), "{\"entries\":[]}", StandardCharsets.UTF_8);
      assertThat(run(descriptor, dir.resolve("r3"))).isEqualTo(1);
    }
  }

  private static int run(Path descriptor, Path reports) {
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(err));
    return cli.execute(
        "run",
        "--target",
        descriptor.toString(),
        "--report-dir",
        reports.toString(),
        "--tags",
        "not @rtt",
        "--examples",
        "20");
  }
}
