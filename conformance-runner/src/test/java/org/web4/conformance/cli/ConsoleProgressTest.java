package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidences;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.run.ExpectedFailures;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.Suite;
import org.web4.conformance.testing.CaseResults;
import org.web4.conformance.testing.TestSuites;

/** Issue 16 item 2: progress while a suite runs, and XFAIL for expected failures. */
class ConsoleProgressTest {
  private static final Suite SUITE = TestSuites.of("jcs/jcs_test.json");

  private final StringWriter out = new StringWriter();
  private final AtomicLong clock = new AtomicLong();

  @Test
  void inCiAPlainLineEveryFivePercentOrTenSecondsWithAnEstimate() {
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), false, clock::get);
    p.runStarting(100);
    CaseResult passed = CaseResults.of("a", Outcome.PASSED, null, "ENV-JCS-001");

    for (int i = 0; i < 4; i++) {
      clock.addAndGet(1_000_000_000L);
      p.checkFinished(SUITE, passed);
    }
    assertThat(out.toString()).isEmpty();
    clock.addAndGet(1_000_000_000L);
    p.checkFinished(SUITE, CaseResults.of("b", Outcome.FAILED, null, "ENV-JCS-001"));
    assertThat(out.toString())
        .isEqualTo(
            "progress: 5/100 checks (5%), 1 failed, jcs/jcs_test.json, about 1:35 left"
                + System.lineSeparator());

    clock.addAndGet(ConsoleProgress.PLAIN_INTERVAL_NANOS);
    p.checkFinished(SUITE, passed);
    assertThat(out.toString().lines()).hasSize(2);
    assertThat(out.toString()).doesNotContain("\r");
  }

  @Test
  void onATerminalABarRedrawnAfterEveryCheckAndClearedForTheSuiteLine() {
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), true, clock::get);
    p.runStarting(3);
    CaseResult passed = CaseResults.of("a", Outcome.PASSED, null, "ENV-JCS-001");

    p.checkFinished(SUITE, passed);
    assertThat(out.toString())
        .isEqualTo(
            "\r\u001b[K["
                + "#".repeat(10)
                + ".".repeat(20)
                + "] 1/3 checks (33%), "
                + "jcs/jcs_test.json, about 0:00 left");
    p.checkFinished(SUITE, passed);
    p.suiteFinished(SUITE, List.of(passed, passed));

    assertThat(out.toString()).contains("] 2/3 checks (66%)");
    assertThat(out.toString())
        .endsWith(
            "\r\u001b[K"
                + "jcs/jcs_test.json"
                + " ".repeat(19)
                + "    2 cases: 2 passed, 0 failed, 0 skipped, 0 errored, 0 not applicable"
                + System.lineSeparator());
  }

  @Test
  void anExpectedFailureIsPrintedAsXfailNotAsFailed() {
    ProgressListener p =
        new ExpectedFailures(List.of(new ExpectedFailures.Entry("ENV-JCS-003", "known bug 12")))
            .marking(new ConsoleProgress(new PrintWriter(out), false, clock::get));
    CaseResult expected = failed("jcs/jcs_test.json#7", "ENV-JCS-003");
    CaseResult unexpected = failed("jcs/jcs_test.json#8", "ENV-JCS-001");

    p.runStarting(2);
    p.checkFinished(SUITE, expected);
    p.checkFinished(SUITE, unexpected);
    p.suiteFinished(SUITE, List.of(expected, unexpected));

    assertThat(out.toString())
        .contains("progress: 2/2 checks (100%), 1 failed, jcs/jcs_test.json")
        .contains(
            "  XFAIL jcs/jcs_test.json#7 [ENV-JCS-003]: expected (ENV-JCS-003): known bug 12:"
                + " canonical form differs …")
        .contains("  FAILED jcs/jcs_test.json#8 [ENV-JCS-001]: canonical form differs\n  at 7")
        .doesNotContain("FAILED jcs/jcs_test.json#7");
  }

  /** The console keeps printing a failed scenario's RTT transcript, now carried as evidence. */
  @Test
  void aFailedCasesTranscriptFollowsItsMessage() {
    ConsoleProgress p = new ConsoleProgress(new PrintWriter(out), false, clock::get);
    CaseResult withTranscript =
        CaseResults.failed(
            "features/rtt/hello.feature:9",
            "RTT-HS-001",
            "expected a HELLO",
            List.of(Evidences.transcript("RTT transcript", List.of("tester → IUT  HELLO"))));

    p.suiteFinished(SUITE, List.of(withTranscript));

    assertThat(out.toString())
        .contains(
            """
              FAILED features/rtt/hello.feature:9 [RTT-HS-001]: expected a HELLO
              RTT transcript:
                tester → IUT  HELLO
            """);
  }

  private static CaseResult failed(String id, String requirement) {
    return CaseResults.failed(id, requirement, "canonical form differs\n  at 7", List.of());
  }
}
