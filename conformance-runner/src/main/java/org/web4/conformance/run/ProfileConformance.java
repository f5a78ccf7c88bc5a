package org.web4.conformance.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Judges, for each profile a run covers, whether the implementation conforms to it (issue 15
 * decision 4, docs/adr/0306-not-applicable-capabilities-profiles.md). A requirement belongs to a
 * profile when a check of that profile covers it ({@link Needs#profile} of the check); its verdict
 * in the profile comes from those checks alone ({@link CoverageGate#verdict}). The profile conforms
 * when none of its requirements failed, none is untested without a declared reason, one passed at
 * least, and — for {@code full}, which means every requirement — none was not applicable because
 * the implementation lacked something.
 */
public final class ProfileConformance {
  private ProfileConformance() {}

  /**
   * The verdict of every profile the run covers.
   *
   * @param leastProfile the least profile of every check of the run, by case id
   * @param runProfile the run's profile: it and the profiles it includes are judged
   * @param selected whether the run's selection left checks out (then nothing is judged)
   * @param slow whether the run was asked for {@code --slow} (for the declared untested)
   */
  public static List<ProfileResult> judge(
      RequirementCatalog catalog,
      List<CaseResult> cases,
      Map<String, Profile> leastProfile,
      Profile runProfile,
      boolean selected,
      boolean slow) {
    List<ProfileResult> results = new ArrayList<>();
    for (Profile p : Profile.values()) {
      if (runProfile.includes(p)) {
        results.add(judgeOne(catalog, cases, leastProfile, p, selected, slow));
      }
    }
    return results;
  }

  private static ProfileResult judgeOne(
      RequirementCatalog catalog,
      List<CaseResult> cases,
      Map<String, Profile> leastProfile,
      Profile profile,
      boolean selected,
      boolean slow) {
    List<CaseResult> mine = new ArrayList<>();
    for (CaseResult c : cases) {
      Profile least = leastProfile.get(c.id());
      if (least != null && profile.includes(least)) {
        mine.add(c);
      }
    }
    Map<String, List<CaseResult>> byRequirement = CoverageGate.casesByRequirement(mine);
    int passed = 0;
    List<String> failed = new ArrayList<>();
    List<String> untested = new ArrayList<>();
    List<String> notApplicable = new ArrayList<>();
    List<String> unmet = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      List<CaseResult> covering = byRequirement.getOrDefault(r.id(), List.of());
      if (covering.isEmpty()) {
        continue; // not a requirement of this profile
      }
      RequirementVerdict v = CoverageGate.verdict(covering);
      switch (v) {
        case PASSED -> passed++;
        case FAILED, EXPECTED_FAILURE -> failed.add(r.id());
        case NOT_APPLICABLE -> {
          notApplicable.add(r.id());
          if (profile == Profile.FULL && plannedNotApplicable(covering)) {
            unmet.add(r.id());
          }
        }
        case UNTESTED, NOT_SELECTED -> {
          if (catalog
              .untestedDeclaration(r.id())
              .filter(d -> d.condition().holds(slow))
              .isEmpty()) {
            untested.add(r.id());
          }
        }
      }
    }
    ProfileResult.Verdict verdict;
    if (selected) {
      verdict = ProfileResult.Verdict.NOT_JUDGED;
    } else if (failed.isEmpty() && untested.isEmpty() && unmet.isEmpty() && passed > 0) {
      verdict = ProfileResult.Verdict.CONFORMS;
    } else {
      verdict = ProfileResult.Verdict.DOES_NOT_CONFORM;
    }
    return new ProfileResult(profile, verdict, passed, failed, untested, notApplicable, unmet);
  }

  /** Whether a covering case was not applicable because the plan found a need unmet. */
  private static boolean plannedNotApplicable(List<CaseResult> covering) {
    for (CaseResult c : covering) {
      String detail = c.detail();
      if (detail != null && detail.startsWith(Needs.REASON_PREFIX)) {
        return true;
      }
    }
    return false;
  }

  /** The least profile of every check of {@code suites}, by check id. */
  public static Map<String, Profile> leastProfiles(List<Suite> suites) {
    Map<String, Profile> least = new LinkedHashMap<>();
    for (Suite suite : suites) {
      for (Check check : suite.checks()) {
        least.put(check.id(), Needs.of(suite, check).profile());
      }
    }
    return least;
  }
}
