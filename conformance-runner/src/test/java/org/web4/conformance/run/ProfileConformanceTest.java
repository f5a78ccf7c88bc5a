package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.CaseResults;

/** Whether an implementation conforms to each profile, on hand-made cases (ADR 0306). */
class ProfileConformanceTest {
  private static final RequirementCatalog CATALOG =
      RequirementCatalog.parse(
          "README.md",
          """
          - **[ENV-AA-001]** (MUST) canonical form, through the harness.
          - **[ENV-AA-002]** (MUST) a signature rule, through the harness and on the wire.
          - **[ENV-AA-003]** (MUST) a wire rule.
          - **[ENV-AA-004]** (MUST) a CIP rule through the harness and the wire.
          """);

  private static final Map<String, Profile> LEAST =
      Map.of(
          "jcs#1", Profile.LIBRARY,
          "verify#1", Profile.LIBRARY,
          "wire-sig", Profile.CORE,
          "wire", Profile.CORE,
          "cip", Profile.FULL);

  @Test
  void aLibraryThatPassesWhatItListsConformsToLibraryOnly() {
    List<CaseResult> cases =
        List.of(
            result("jcs#1", Outcome.PASSED, null, "ENV-AA-001"),
            result(
                "verify#1",
                Outcome.NOT_APPLICABLE,
                "not applicable: the implementation does not list capability \"verify/raw\"",
                "ENV-AA-002"),
            result(
                "wire-sig",
                Outcome.NOT_APPLICABLE,
                "not applicable: the target names no RTT address",
                "ENV-AA-002"),
            result(
                "wire",
                Outcome.NOT_APPLICABLE,
                "not applicable: the target names no RTT address",
                "ENV-AA-003"),
            result(
                "cip",
                Outcome.NOT_APPLICABLE,
                "not applicable: the implementation does not list capability \"cip\"",
                "ENV-AA-004"));

    List<ProfileResult> profiles =
        ProfileConformance.judge(CATALOG, cases, LEAST, Profile.FULL, false, false);

    assertThat(profiles)
        .extracting(ProfileResult::profile, ProfileResult::verdict)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Profile.LIBRARY, ProfileResult.Verdict.CONFORMS),
            org.assertj.core.groups.Tuple.tuple(
                Profile.CORE, ProfileResult.Verdict.DOES_NOT_CONFORM),
            org.assertj.core.groups.Tuple.tuple(
                Profile.FULL, ProfileResult.Verdict.DOES_NOT_CONFORM));
    assertThat(profiles.get(0).line())
        .isEqualTo("profile library: conforms (1 passed; 1 not applicable)");
    assertThat(profiles.get(2).unmet()).containsExactly("ENV-AA-002", "ENV-AA-003", "ENV-AA-004");
    assertThat(profiles.get(2).failsTheRun()).isTrue(); // full, with needs unmet
    assertThat(profiles.get(1).failsTheRun()).isTrue(); // core, of which nothing passed
  }

  @Test
  void aFailureInAProfileCheckFailsThatProfileAndFull() {
    List<CaseResult> cases =
        List.of(
            result("jcs#1", Outcome.PASSED, null, "ENV-AA-001"),
            result("verify#1", Outcome.PASSED, null, "ENV-AA-002"),
            result("wire-sig", Outcome.FAILED, null, "ENV-AA-002"),
            result("wire", Outcome.PASSED, null, "ENV-AA-003"),
            result("cip", Outcome.PASSED, null, "ENV-AA-004"));

    List<ProfileResult> profiles =
        ProfileConformance.judge(CATALOG, cases, LEAST, Profile.FULL, false, false);

    assertThat(profiles)
        .extracting(ProfileResult::verdict)
        .containsExactly(
            ProfileResult.Verdict.CONFORMS,
            ProfileResult.Verdict.DOES_NOT_CONFORM,
            ProfileResult.Verdict.DOES_NOT_CONFORM);
    assertThat(profiles.get(1).line())
        .isEqualTo("profile core: does not conform (1 passed; failed: ENV-AA-002)");
    assertThat(profiles.get(1).failsTheRun()).isFalse(); // its failed case fails the run already
  }

  @Test
  void aCoreRunJudgesCoreAloneAndASelectionJudgesNothing() {
    List<CaseResult> cases =
        List.of(
            result("wire-sig", Outcome.PASSED, null, "ENV-AA-002"),
            result("wire", Outcome.PASSED, null, "ENV-AA-003"));

    assertThat(ProfileConformance.judge(CATALOG, cases, LEAST, Profile.CORE, false, false))
        .singleElement()
        .satisfies(p -> assertThat(p.verdict()).isEqualTo(ProfileResult.Verdict.CONFORMS));
    assertThat(ProfileConformance.judge(CATALOG, cases, LEAST, Profile.CORE, true, false))
        .singleElement()
        .satisfies(p -> assertThat(p.verdict()).isEqualTo(ProfileResult.Verdict.NOT_JUDGED));
  }

  private static CaseResult result(
      String id, Outcome outcome, @Nullable String detail, String requirement) {
    return CaseResults.of(id, outcome, detail, requirement);
  }
}
