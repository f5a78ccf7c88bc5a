package org.web4.conformance.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.conformance.testing.HandMadeRuns;

/**
 * Issue 16 item 2: the console ended with case counts only, never whether the implementation
 * conforms; its last verdict line states the claim the run supports for its profile.
 */
class RunClaimTest {

  @Test
  void aConformingRunClaimsItsProfileAndSaysWhatWasUntested() {
    RunResult run =
        run(
            new ProfileResult(
                Profile.FULL,
                ProfileResult.Verdict.CONFORMS,
                2,
                List.of(),
                List.of(),
                List.of(),
                List.of()),
            RequirementVerdict.PASSED,
            RequirementVerdict.PASSED,
            RequirementVerdict.UNTESTED);

    assertThat(RunClaim.claim(run))
        .isEqualTo(
            "CONFORMS: web4-reference 0.5.0 conforms to profile full (2 requirements passed, 1"
                + " untested as spec/README.md §7 allows)");
  }

  @Test
  void aFailingRunMakesNoClaimAndCountsExpectedFailures() {
    RunResult run =
        run(
            new ProfileResult(
                Profile.FULL,
                ProfileResult.Verdict.DOES_NOT_CONFORM,
                1,
                List.of("ENV-A-001", "ENV-A-002"),
                List.of(),
                List.of(),
                List.of()),
            RequirementVerdict.PASSED,
            RequirementVerdict.FAILED,
            RequirementVerdict.EXPECTED_FAILURE);

    assertThat(RunClaim.claim(run))
        .isEqualTo(
            "DOES NOT CONFORM: web4-reference 0.5.0 does not conform to profile full (2"
                + " requirements failed (1 as expected))");
  }

  @Test
  void aRunWhoseSelectionLeftChecksOutIsNotJudged() {
    RunResult run =
        run(
            new ProfileResult(
                Profile.FULL,
                ProfileResult.Verdict.NOT_JUDGED,
                1,
                List.of(),
                List.of(),
                List.of(),
                List.of()),
            RequirementVerdict.PASSED,
            RequirementVerdict.NOT_SELECTED);

    assertThat(RunClaim.claim(run))
        .startsWith("NOT JUDGED: web4-reference 0.5.0 was not judged against profile full");
  }

  private static RunResult run(ProfileResult profile, RequirementVerdict... verdicts) {
    List<RequirementCoverage.Entry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < verdicts.length; i++) {
      entries.add(
          new RequirementCoverage.Entry(
              String.format("ENV-A-%03d", i + 1), verdicts[i], null, null));
    }
    return HandMadeRuns.of(List.of(), entries, List.of(profile));
  }
}
