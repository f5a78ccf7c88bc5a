package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.CaseResults;

/** The coverage gate's rules on hand-made cases (docs/adr/0302-coverage-gate.md). */
class CoverageGateTest {
  private static final RequirementCatalog CATALOG =
      RequirementCatalog.parse(
          "README.md",
          """
          - **[ENV-AA-001]** (MUST) passes.
          - **[ENV-AA-002]** (MUST) fails.
          - **[ENV-AA-003]** (MUST) no check at all.
          - **[ENV-AA-004]** (MUST) only a skipped check, declared slow.
          - **[ENV-AA-005]** (MUST) only a skipped check, not declared.
          - **[ENV-AA-006]** (MUST) only not applicable checks.
          - **[ENV-AA-007]** (MUST) its check was left out by --tags.

          ## 7. Requirements a run may leave untested

          | ID | untested when | reason |
          |---|---|---|
          | ENV-AA-004 | `without --slow` | takes a minute |
          """);

  private static final List<CaseResult> CASES =
      List.of(
          result("a", Outcome.PASSED, "ENV-AA-001"),
          result("b", Outcome.FAILED, "ENV-AA-002"),
          result("c", Outcome.SKIPPED, "ENV-AA-004"),
          result("d", Outcome.SKIPPED, "ENV-AA-005"),
          result("e", Outcome.NOT_APPLICABLE, "ENV-AA-006"),
          result("f", Outcome.NOT_APPLICABLE, "ENV-AA-006"));

  @Test
  void withoutSlowOnlyTheUndeclaredUntestedFailTheGate() {
    RequirementCoverage coverage =
        CoverageGate.judge(
            CATALOG, CASES, new CoverageGate.Scope(false, "--tags @x", Set.of("ENV-AA-007")));

    assertThat(coverage.entries())
        .extracting(RequirementCoverage.Entry::verdict)
        .containsExactly(
            RequirementVerdict.PASSED,
            RequirementVerdict.FAILED,
            RequirementVerdict.UNTESTED,
            RequirementVerdict.UNTESTED,
            RequirementVerdict.UNTESTED,
            RequirementVerdict.NOT_APPLICABLE,
            RequirementVerdict.NOT_SELECTED);
    assertThat(coverage.undeclaredUntested())
        .extracting(RequirementCoverage.Entry::id)
        .containsExactly("ENV-AA-003", "ENV-AA-005");
    assertThat(coverage.find("ENV-AA-003").orElseThrow().why()).isEqualTo("no check covers it");
    assertThat(coverage.find("ENV-AA-005").orElseThrow().why())
        .isEqualTo("no check that covers it ran: d (skipped in this test)");
    assertThat(coverage.declaredUntested())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.id()).isEqualTo("ENV-AA-004");
              assertThat(e.declaredWhen()).isEqualTo("without --slow");
              assertThat(e.why()).isEqualTo("takes a minute");
            });
    assertThat(coverage.find("ENV-AA-007").orElseThrow().why())
        .isEqualTo("--tags @x left out the checks that cover it");
    assertThat(coverage.passed()).isFalse();
    assertThat(coverage.summaryLine())
        .isEqualTo(
            "7 requirements: 1 passed, 1 failed, 3 untested (declared: ENV-AA-004 without"
                + " --slow) (not declared: ENV-AA-003, ENV-AA-005), 1 not applicable, 1 not"
                + " selected");
  }

  @Test
  void withSlowTheDeclarationNoLongerCoversASkippedCheck() {
    RequirementCoverage coverage =
        CoverageGate.judge(CATALOG, CASES, CoverageGate.Scope.everything(true));

    assertThat(coverage.undeclaredUntested())
        .extracting(RequirementCoverage.Entry::id)
        .containsExactly("ENV-AA-003", "ENV-AA-004", "ENV-AA-005", "ENV-AA-007");
    assertThat(coverage.declaredUntested()).isEmpty();
  }

  @Test
  void aDeclaredRequirementThatPassesIsPassed() {
    RequirementCoverage coverage =
        CoverageGate.judge(
            CATALOG,
            List.of(result("c", Outcome.PASSED, "ENV-AA-004")),
            CoverageGate.Scope.everything(false));

    assertThat(coverage.find("ENV-AA-004").orElseThrow())
        .isEqualTo(
            new RequirementCoverage.Entry("ENV-AA-004", RequirementVerdict.PASSED, null, null));
  }

  @Test
  void aFullyTestedRunPassesTheGate() {
    RequirementCatalog one = RequirementCatalog.parse("x.md", "- **[ENV-AA-001]** (MUST) one.\n");

    RequirementCoverage coverage =
        CoverageGate.judge(
            one,
            List.of(
                result("a", Outcome.PASSED, "ENV-AA-001"),
                result("b", Outcome.NOT_APPLICABLE, "ENV-AA-001")),
            CoverageGate.Scope.everything(false));

    assertThat(coverage.passed()).isTrue();
    assertThat(coverage.summaryLine()).isEqualTo("1 requirement: 1 passed, 0 failed, 0 untested");
  }

  @Test
  void aPassedCaseBesideSkippedAndNotApplicableOnesPassesTheRequirement() {
    RequirementCoverage coverage =
        CoverageGate.judge(
            CATALOG,
            List.of(
                result("a", Outcome.PASSED, "ENV-AA-001"),
                result("c", Outcome.SKIPPED, "ENV-AA-001"),
                result("e", Outcome.NOT_APPLICABLE, "ENV-AA-001"),
                result("d", Outcome.SKIPPED, "ENV-AA-005"),
                result("f", Outcome.NOT_APPLICABLE, "ENV-AA-005"),
                result("g", Outcome.NOT_APPLICABLE, "ENV-AA-002"),
                result("h", Outcome.ERRORED, "ENV-AA-002")),
            CoverageGate.Scope.everything(false));

    assertThat(coverage.find("ENV-AA-001").orElseThrow().verdict())
        .isEqualTo(RequirementVerdict.PASSED);
    assertThat(coverage.find("ENV-AA-005").orElseThrow().verdict())
        .isEqualTo(RequirementVerdict.UNTESTED);
    assertThat(coverage.find("ENV-AA-002").orElseThrow().verdict())
        .isEqualTo(RequirementVerdict.FAILED);
  }

  @Test
  void theScopeNamesTheRequirementsOfTheChecksLeftOut() {
    Suite selected = suite(check("a", "ENV-AA-001"));
    Suite all = suite(check("a", "ENV-AA-001"), check("g", "ENV-AA-007", "ENV-AA-001"));

    CoverageGate.Scope scope =
        CoverageGate.Scope.of(false, "--tags @x", List.of(selected), List.of(all));

    assertThat(scope.leftOut()).containsExactlyInAnyOrder("ENV-AA-007", "ENV-AA-001");
  }

  private static CaseResult result(String id, Outcome outcome, String requirement) {
    @Nullable String detail = outcome == Outcome.SKIPPED ? "skipped in this test" : null;
    return CaseResults.of(id, outcome, detail, requirement);
  }

  private static Check check(String id, String... requirements) {
    return new Check() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String title() {
        return id;
      }

      @Override
      public CaseKind kind() {
        return CaseKind.SCENARIO;
      }

      @Override
      public List<String> requirements() {
        return List.of(requirements);
      }

      @Override
      public CheckOutcome run(CheckContext context) {
        return CheckOutcome.passed(null, null);
      }
    };
  }

  private static Suite suite(Check... checks) {
    return new Suite() {
      @Override
      public String name() {
        return "suite";
      }

      @Override
      public org.web4.conformance.model.Profile profile() {
        return org.web4.conformance.model.Profile.FULL;
      }

      @Override
      public List<Check> checks() {
        return List.of(checks);
      }
    };
  }
}
