package org.web4.conformance.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * How each outcome of a check and each requirement verdict becomes a JUnit Platform result: passed
 * passes, failed fails with the evidence, errored is an error, the rest is aborted with its reason,
 * and the last test fails exactly when the command line would exit 1 for a reason no other test
 * shows. A hand-made run, so every outcome appears without an implementation that produces it.
 */
class ConformanceTestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CaseResult check(
      String id,
      Outcome outcome,
      String requirement,
      @Nullable String detail,
      @Nullable String message,
      @Nullable String reply,
      @Nullable String expected)
      throws Exception {
    return new CaseResult(
        id,
        "suite",
        "title of " + id,
        CaseKind.VECTOR,
        List.of(requirement),
        outcome,
        detail,
        Duration.ofMillis(1),
        JSON.readTree("{\"op\":\"verify\"}"),
        reply == null ? null : JSON.readTree(reply),
        expected == null ? null : JSON.readTree(expected),
        message,
        List.of());
  }

  private static RunResult run(List<CaseResult> cases, Map<String, RequirementVerdict> verdicts) {
    List<RequirementCoverage.Entry> entries = new ArrayList<>();
    for (String id : RequirementCatalog.bundled().all().stream().map(r -> r.id()).toList()) {
      RequirementVerdict v = verdicts.getOrDefault(id, RequirementVerdict.NOT_SELECTED);
      entries.add(
          new RequirementCoverage.Entry(
              id, v, v == RequirementVerdict.PASSED ? null : "why " + id, null));
    }
    RunHeader header =
        new RunHeader(
            "hand-made",
            null,
            null,
            null,
            "0",
            "0.4.0",
            "00",
            "classpath",
            1,
            Profile.FULL,
            null,
            null,
            Instant.EPOCH,
            Duration.ZERO,
            List.of());
    return new RunResult(
        header,
        cases,
        CapturedOutput.none(),
        List.of(new RunResult.StaleExpectation("jcs/x.json#1", "was broken")),
        new RequirementCoverage(entries));
  }

  private static Map<String, Throwable> execute(Stream<DynamicTest> tests) {
    Map<String, Throwable> thrown = new LinkedHashMap<>();
    tests.forEach(
        t -> {
          Throwable e = catchThrowable(() -> t.getExecutable().execute());
          thrown.put(t.getDisplayName(), e == null ? new Passed() : e);
        });
    return thrown;
  }

  /** Marks a test that threw nothing. */
  private static final class Passed extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  @Test
  void oneTestPerCheckWithItsOutcome() throws Exception {
    List<CaseResult> cases =
        List.of(
            check("v#1", Outcome.PASSED, "ENV-SIG-001", null, null, null, null),
            check(
                "v#2",
                Outcome.FAILED,
                "ENV-SIG-004",
                null,
                "accepted a bad signature",
                "{\"result\":\"valid\"}",
                "{\"result\":\"invalid\"}"),
            check(
                "v#3",
                Outcome.ERRORED,
                "ENV-SIG-001",
                "java.io.IOException: reset",
                "no reply",
                null,
                null),
            check(
                "v#4",
                Outcome.NOT_APPLICABLE,
                "ENV-SIG-001",
                "not applicable: profile",
                null,
                null,
                null));
    Map<String, Throwable> thrown =
        execute(
            ConformanceTests.perCheck(
                run(cases, Map.of("ENV-SIG-001", RequirementVerdict.PASSED))));

    assertThat(thrown).hasSize(5);
    assertThat(thrown.get("v#1 [ENV-SIG-001]")).isInstanceOf(Passed.class);
    AssertionFailedError failed =
        (AssertionFailedError) Objects.requireNonNull(thrown.get("v#2 [ENV-SIG-004]"));
    assertThat(failed.getMessage())
        .contains(
            "accepted a bad signature",
            "request: {\"op\":\"verify\"}",
            "reply: {\"result\":\"valid\"}");
    assertThat(Objects.requireNonNull(failed.getExpected()).getStringRepresentation())
        .isEqualTo("{\"result\":\"invalid\"}");
    assertThat(Objects.requireNonNull(failed.getActual()).getStringRepresentation())
        .isEqualTo("{\"result\":\"valid\"}");
    assertThat(thrown.get("v#3 [ENV-SIG-001]"))
        .isInstanceOf(CheckErroredException.class)
        .hasMessageContaining("no reply")
        .hasMessageContaining("java.io.IOException: reset");
    assertThat(thrown.get("v#4 [ENV-SIG-001]"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("not_applicable: not applicable: profile");
    assertThat(thrown.get(ConformanceTests.RUN_TEST))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("stale expected failure jcs/x.json#1");
  }

  @Test
  void oneTestPerRequirementWithItsVerdict() throws Exception {
    List<CaseResult> cases =
        List.of(
            check("v#1", Outcome.PASSED, "ENV-SIG-001", null, null, null, null),
            check(
                "v#2",
                Outcome.FAILED,
                "ENV-SIG-004",
                null,
                "accepted a bad signature",
                "{}",
                null));
    Map<String, Throwable> thrown =
        execute(
            ConformanceTests.perRequirement(
                RequirementCatalog.bundled(),
                run(
                    cases,
                    Map.of(
                        "ENV-SIG-001", RequirementVerdict.PASSED,
                        "ENV-SIG-004", RequirementVerdict.FAILED,
                        "ENV-SIG-006", RequirementVerdict.UNTESTED))));

    assertThat(thrown).hasSize(RequirementCatalog.bundled().all().size() + 1);
    assertThat(thrown.get("ENV-SIG-001 (MUST)")).isInstanceOf(Passed.class);
    assertThat(thrown.get("ENV-SIG-004 (MUST)"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("ENV-SIG-004 failed: ")
        .hasMessageContaining("v#2 [ENV-SIG-004]: accepted a bad signature");
    assertThat(thrown.get("ENV-SIG-006 (MUST)"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            "ENV-SIG-006 untested: why ENV-SIG-006 (no reason declared in spec/README.md §7)");
    assertThat(thrown.get("ENV-SIG-007 (MUST)"))
        .isInstanceOf(TestAbortedException.class)
        .hasMessage("not_selected: why ENV-SIG-007");
    assertThat(thrown.get(ConformanceTests.RUN_TEST))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageNotContaining("UNTESTED")
        .hasMessageContaining("stale expected failure jcs/x.json#1");
  }

  @Test
  void anUnknownProfileIsRefusedByName() {
    assertThat(
            catchThrowable(
                () ->
                    Web4Conformance.against("http://127.0.0.1:1/harness/v1", "t", null)
                        .profile("fancy")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown profile fancy; known: [");
  }

  @Test
  void aTargetThatDoesNotAnswerIsOneTypedError() {
    // port 1 on loopback: nothing listens, the connection is refused at once
    Throwable e =
        catchThrowable(
            () ->
                Web4Conformance.against("http://127.0.0.1:1/harness/v1", "t", null).seed(1).run());
    assertThat(e)
        .isInstanceOf(Web4ConformanceException.class)
        .hasMessageStartingWith("target error: ");
    assertThat(e.getMessage()).doesNotContain("\n");
  }
}
