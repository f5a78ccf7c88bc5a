package org.web4.conformance.junit;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.RequirementMatrix;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * A finished run as JUnit Platform dynamic tests. A passed check or requirement passes; a failed
 * one fails with its evidence ({@link Evidence}); an errored check is an error ({@link
 * CheckErroredException}); skipped, not applicable, expected failures, not selected and declared
 * untested ones are aborted with their reason (JUnit shows them as skipped). A last test, {@value
 * #RUN_TEST}, fails when the command line would exit 1 for a reason no other test shows: a stale
 * expected failure or (per check) an untested requirement without a declared reason.
 */
final class ConformanceTests {
  static final String RUN_TEST = "web4-conformance run: coverage gate and expected failures";

  private ConformanceTests() {}

  static Stream<DynamicTest> perCheck(RunResult run) {
    Stream<DynamicTest> checks =
        run.cases().stream().map(c -> DynamicTest.dynamicTest(checkName(c), () -> judgeCheck(c)));
    return Stream.concat(
        checks, Stream.of(DynamicTest.dynamicTest(RUN_TEST, () -> judgeRun(run, true))));
  }

  static Stream<DynamicTest> perRequirement(RequirementCatalog catalog, RunResult run) {
    Stream<DynamicTest> requirements =
        RequirementMatrix.of(catalog, run).rows().stream()
            .map(
                row ->
                    DynamicTest.dynamicTest(
                        row.requirement().id() + " (" + row.requirement().level() + ")",
                        () -> judgeRequirement(row)));
    return Stream.concat(
        requirements, Stream.of(DynamicTest.dynamicTest(RUN_TEST, () -> judgeRun(run, false))));
  }

  private static String checkName(CaseResult c) {
    return c.id() + " " + c.requirements();
  }

  private static void judgeCheck(CaseResult c) {
    switch (c.outcome()) {
      case PASSED:
        return;
      case FAILED:
        if (c.expected() != null && c.reply() != null) {
          throw new AssertionFailedError(
              Evidence.of(c), c.expected().toString(), c.reply().toString());
        }
        throw new AssertionFailedError(Evidence.of(c));
      case ERRORED:
        throw new CheckErroredException(Evidence.of(c));
      case SKIPPED:
      case NOT_APPLICABLE:
      case EXPECTED_FAILURE:
        throw new TestAbortedException(c.outcome().label() + ": " + c.detail());
    }
    throw new IllegalStateException("unknown outcome " + c.outcome());
  }

  private static void judgeRequirement(RequirementMatrix.Row row) {
    RequirementCoverage.Entry entry = row.coverage();
    RequirementVerdict verdict = row.verdict();
    if (verdict == RequirementVerdict.PASSED) {
      return;
    }
    if (verdict == RequirementVerdict.FAILED) {
      StringBuilder text =
          new StringBuilder(row.requirement().id())
              .append(" failed: ")
              .append(row.requirement().text());
      for (CaseResult c : row.cases()) {
        if (c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED) {
          text.append("\n- ").append(Evidence.of(c).replace("\n", "\n  "));
        }
      }
      throw new AssertionFailedError(text.toString());
    }
    if (entry.failsTheGate()) {
      throw new AssertionFailedError(
          row.requirement().id()
              + " untested: "
              + entry.why()
              + " (no reason declared in spec/README.md §7)");
    }
    String when = entry.declaredWhen() == null ? "" : " " + entry.declaredWhen();
    throw new TestAbortedException(verdict.label() + when + ": " + entry.why());
  }

  private static void judgeRun(RunResult run, boolean perCheck) {
    List<String> problems = new ArrayList<>();
    if (perCheck) {
      for (RequirementCoverage.Entry e : run.coverage().undeclaredUntested()) {
        problems.add(
            "UNTESTED " + e.id() + ": " + e.why() + " (no reason declared in spec/README.md §7)");
      }
    }
    for (RunResult.StaleExpectation stale : run.staleExpectations()) {
      problems.add(
          "stale expected failure "
              + stale.id()
              + " (its cases now pass): remove it from the expected-failures file");
    }
    if (!problems.isEmpty()) {
      throw new AssertionFailedError(
          run.coverage().summaryLine() + "\n" + String.join("\n", problems));
    }
  }
}
