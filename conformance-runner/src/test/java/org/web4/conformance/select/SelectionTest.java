package org.web4.conformance.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.WireJudgeSuite;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Selection across every suite, on suites shaped like the discovered ones (a vector file, a feature
 * file, the harness API checks, a property, the wire judge) and the bundled spec: which checks each
 * option keeps, that every typed ID that selects nothing is a usage error with the closest IDs, and
 * that {@code --fail-fast} skips what follows a failure when the real runner runs the suites.
 */
class SelectionTest {
  private static final RequirementCatalog SPEC = RequirementCatalog.bundled();

  private record FakeCheck(String id, CaseKind kind, List<String> requirements, boolean passes)
      implements Check {
    @Override
    public String title() {
      return id;
    }

    @Override
    public CheckOutcome run(CheckContext context) {
      return passes ? CheckOutcome.passed(null, null) : CheckOutcome.failed("wrong", null, null);
    }
  }

  private record FakeSuite(String name, List<Check> checks) implements Suite {
    @Override
    public Profile profile() {
      return Profile.CORE;
    }
  }

  private static Check check(String id, CaseKind kind, String... requirements) {
    return new FakeCheck(id, kind, List.of(requirements), true);
  }

  private static final Suite VECTORS =
      new FakeSuite(
          "jcs/jcs_test.json",
          List.of(
              check("jcs/jcs_test.json#1", CaseKind.VECTOR, "ENV-JCS-004"),
              check("jcs/jcs_test.json#2", CaseKind.VECTOR, "ENV-JCS-001")));
  private static final Suite FEATURE =
      new FakeSuite(
          "features/rtt/frames.feature",
          List.of(
              check("features/rtt/frames.feature:12", CaseKind.SCENARIO, "RTT-FR-001"),
              check("features/rtt/frames.feature:30", CaseKind.SCENARIO, "ENV-JCS-004")));
  private static final Suite HARNESS =
      new FakeSuite("harness", List.of(check("harness/token", CaseKind.SCENARIO, "HAR-API-001")));
  private static final Suite PROPERTIES =
      new FakeSuite(
          "properties",
          List.of(
              check("properties/non-ijson-is-refused/too_deep", CaseKind.PROPERTY, "ENV-JSON-001"),
              check("properties/canonical-form-agrees", CaseKind.PROPERTY, "ENV-JCS-004")));
  private static final Suite JUDGE = WireJudgeSuite.listing(SPEC);
  private static final List<Suite> DISCOVERED =
      List.of(VECTORS, FEATURE, HARNESS, PROPERTIES, JUDGE);

  private static Selection selection(
      List<String> requirements, List<String> checks, @Nullable Path rerun, List<String> kinds) {
    return Selection.of(SPEC, requirements, checks, rerun, kinds, false, null);
  }

  private static List<String> ids(List<Suite> suites) {
    return suites.stream()
        .filter(s -> !(s instanceof WireJudgeSuite))
        .flatMap(s -> s.checks().stream())
        .map(Check::id)
        .toList();
  }

  @Test
  void aRequirementSelectsItsChecksInEverySuite() {
    List<Suite> selected =
        selection(List.of("env-jcs-004"), List.of(), null, List.of()).select(DISCOVERED);

    assertThat(ids(selected))
        .containsExactly(
            "jcs/jcs_test.json#1",
            "features/rtt/frames.feature:30",
            "properties/canonical-form-agrees");
    assertThat(selected).noneMatch(s -> s instanceof WireJudgeSuite);
  }

  @Test
  void aPrefixEndsAtADash() {
    assertThat(ids(selection(List.of("ENV-JCS"), List.of(), null, List.of()).select(DISCOVERED)))
        .hasSize(4);
    assertThat(ids(selection(List.of("ENV-"), List.of(), null, List.of()).select(DISCOVERED)))
        .hasSize(5);
    assertThatThrownBy(() -> selection(List.of("ENV-JCS-00"), List.of(), null, List.of()))
        .isInstanceOf(SelectionException.class)
        .hasMessage(
            "--requirement ENV-JCS-00: no requirement of spec "
                + SPEC.specVersion()
                + " is or starts with it; did you mean ENV-JCS-001, ENV-JCS-002 or ENV-JCS-003?");
  }

  @Test
  void aRequirementOfTheJudgeKeepsTheJudgeSuiteWhole() {
    List<Suite> selected =
        selection(List.of("RTT-FR-001"), List.of(), null, List.of()).select(DISCOVERED);

    assertThat(ids(selected)).containsExactly("features/rtt/frames.feature:12");
    assertThat(selected).contains(JUDGE);
  }

  @Test
  void checksByIdFileAndNameWithoutTheirFolder() {
    List<Suite> selected =
        selection(
                List.of(),
                List.of(
                    "vectors/jcs/jcs_test.json#2",
                    "rtt/frames.feature",
                    "token",
                    "properties/non-ijson-is-refused"),
                null,
                List.of())
            .select(DISCOVERED);

    assertThat(ids(selected))
        .containsExactly(
            "jcs/jcs_test.json#2",
            "features/rtt/frames.feature:12",
            "features/rtt/frames.feature:30",
            "harness/token",
            "properties/non-ijson-is-refused/too_deep");
  }

  @Test
  void anUnknownCheckIsAUsageErrorWithTheClosestIds() {
    Selection typo =
        selection(List.of(), List.of("features/rtt/frame.feature:12"), null, List.of());

    assertThatThrownBy(() -> typo.select(DISCOVERED))
        .isInstanceOf(SelectionException.class)
        .hasMessage(
            "--check features/rtt/frame.feature:12: no check of this run has that ID; did you mean"
                + " features/rtt/frames.feature:12 or features/rtt/frames.feature:30?");
  }

  @Test
  void rerunSelectsTheFailedAndErroredCasesOfAReport(@TempDir Path dir) throws Exception {
    Path report =
        Files.writeString(
            dir.resolve("report.json"),
            """
            {"cases": [
              {"id": "jcs/jcs_test.json#1", "outcome": "passed"},
              {"id": "features/rtt/frames.feature:30", "outcome": "failed"},
              {"id": "harness/token", "outcome": "errored"},
              {"id": "properties/canonical-form-agrees", "outcome": "skipped"}]}
            """,
            StandardCharsets.UTF_8);

    List<Suite> selected = selection(List.of(), List.of(), report, List.of()).select(DISCOVERED);

    assertThat(ids(selected)).containsExactly("features/rtt/frames.feature:30", "harness/token");
  }

  @Test
  void rerunOfAReportWithoutFailuresOrNotJsonIsAUsageError(@TempDir Path dir) throws Exception {
    Path green =
        Files.writeString(
            dir.resolve("green.json"),
            "{\"cases\": [{\"id\": \"harness/token\", \"outcome\": \"passed\"}]}",
            StandardCharsets.UTF_8);
    Path typo =
        Files.writeString(dir.resolve("typo.json"), "{\"cases\": [}", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> selection(List.of(), List.of(), green, List.of()))
        .hasMessage("--rerun " + green + ": no failed or errored case to run again");
    assertThatThrownBy(() -> selection(List.of(), List.of(), typo, List.of()))
        .hasMessageStartingWith("--rerun " + typo + ":1:12: not JSON: ");
  }

  @Test
  void kindKeepsOnlyItsChecksAndTagsAloneLeaveTheOtherSuites() {
    List<Suite> scenarios =
        selection(List.of(), List.of(), null, List.of("scenarios")).select(DISCOVERED);
    List<Suite> tagged =
        Selection.of(SPEC, List.of(), List.of(), null, List.of(), false, "@RTT-FR-001")
            .select(DISCOVERED);

    assertThat(ids(scenarios))
        .containsExactly("features/rtt/frames.feature:12", "features/rtt/frames.feature:30");
    assertThat(scenarios).doesNotContain(JUDGE);
    assertThat(tagged).isEqualTo(DISCOVERED);
  }

  @Test
  void tagsThatSelectNoScenarioAndAnEmptySelectionAreUsageErrors() {
    List<Suite> withoutScenarios = List.of(VECTORS, HARNESS, PROPERTIES, JUDGE);

    assertThatThrownBy(
            () ->
                Selection.of(SPEC, List.of(), List.of(), null, List.of(), false, "@nothing")
                    .select(withoutScenarios))
        .hasMessage("--tags @nothing selects no scenario");
    assertThatThrownBy(
            () ->
                selection(List.of("HAR-API-001"), List.of(), null, List.of("vector"))
                    .select(DISCOVERED))
        .hasMessage(
            "the selection (--requirement HAR-API-001 --kind vector) selects no check to run");
  }

  @Test
  void failFastSkipsEverythingAfterTheFirstFailure() {
    Suite suite =
        new FakeSuite(
            "mixed",
            List.of(
                new FakeCheck("a", CaseKind.VECTOR, List.of("ENV-JCS-004"), true),
                new FakeCheck("b", CaseKind.VECTOR, List.of("ENV-JCS-004"), false),
                new FakeCheck("c", CaseKind.VECTOR, List.of("ENV-JCS-004"), true)));
    Suite next =
        new FakeSuite(
            "next", List.of(new FakeCheck("d", CaseKind.VECTOR, List.of("ENV-JCS-001"), true)));
    List<Suite> selected =
        Selection.of(SPEC, List.of(), List.of(), null, List.of(), true, null)
            .select(List.of(suite, next));

    List<CaseResult> results =
        new ConformanceRunner(SPEC, Profile.CORE, 1, null, ProgressListener.NONE).run(selected);

    assertThat(results)
        .extracting(CaseResult::outcome)
        .containsExactly(Outcome.PASSED, Outcome.FAILED, Outcome.SKIPPED, Outcome.SKIPPED);
    assertThat(results.get(3).detail())
        .isEqualTo("not run: --fail-fast stopped the run after b failed");
  }
}
