package org.web4.conformance.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.spec.UntestedDeclaration;

/**
 * The coverage gate (docs/adr/0302-coverage-gate.md): gives every requirement of the spec its
 * verdict from the cases that cover it, and decides which untested requirements fail the run.
 *
 * <ul>
 *   <li>failed if a covering case failed or errored; expected failure if one is listed as such; not
 *       applicable if every covering case is (the run's profile, or a capability the implementation
 *       does not list), which is never untested; passed if one covering case at least passed and
 *       none failed (skipped and not applicable ones do not count);
 *   <li>otherwise — no covering case, or only skipped ones — untested (spec/README.md §2.4). An
 *       untested requirement fails the run unless spec/README.md §7 declares it may be untested
 *       under a condition that holds in this run (e.g. {@code without --slow}), or the run's
 *       selection ({@code --tags}) left out a check that covers it: then it is not selected.
 * </ul>
 */
public final class CoverageGate {

  /**
   * What the run was asked to leave out.
   *
   * @param slow whether the run was asked for {@code --slow}
   * @param tags the options that selected, as typed (e.g. {@code --tags @ENV-SIG-004} or {@code
   *     --requirement ENV-}), if any
   * @param leftOut the requirement IDs covered by a check that the selection left out of the run
   */
  public record Scope(boolean slow, @Nullable String tags, Set<String> leftOut) {
    public Scope {
      leftOut = Set.copyOf(leftOut);
    }

    /** A run of every check. */
    public static Scope everything(boolean slow) {
      return new Scope(slow, null, Set.of());
    }

    /**
     * The scope of a run of {@code selected}, out of {@code all} (the same suites without the
     * selection).
     */
    public static Scope of(
        boolean slow, @Nullable String tags, List<Suite> selected, List<Suite> all) {
      Set<String> ran = new HashSet<>();
      selected.forEach(s -> s.checks().forEach(c -> ran.add(c.id())));
      Set<String> leftOut = new HashSet<>();
      for (Suite suite : all) {
        for (Check check : suite.checks()) {
          if (!ran.contains(check.id())) {
            leftOut.addAll(check.requirements());
          }
        }
      }
      return new Scope(slow, tags, leftOut);
    }
  }

  private CoverageGate() {}

  /** Every requirement of {@code catalog} with its verdict in a run of {@code cases}. */
  public static RequirementCoverage judge(
      RequirementCatalog catalog, List<CaseResult> cases, Scope scope) {
    Map<String, List<CaseResult>> covering = casesByRequirement(cases);
    List<RequirementCoverage.Entry> entries = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      List<CaseResult> mine = covering.getOrDefault(r.id(), List.of());
      RequirementVerdict verdict = verdict(mine);
      if (verdict != RequirementVerdict.UNTESTED) {
        entries.add(new RequirementCoverage.Entry(r.id(), verdict, null, null));
        continue;
      }
      Optional<UntestedDeclaration> declared =
          catalog.untestedDeclaration(r.id()).filter(d -> d.condition().holds(scope.slow()));
      if (declared.isPresent()) {
        entries.add(
            new RequirementCoverage.Entry(
                r.id(), verdict, declared.get().reason(), declared.get().condition().text()));
      } else if (scope.leftOut().contains(r.id())) {
        entries.add(
            new RequirementCoverage.Entry(
                r.id(),
                RequirementVerdict.NOT_SELECTED,
                (scope.tags() == null ? "the run's selection" : scope.tags())
                    + " left out the checks that cover it",
                null));
      } else {
        entries.add(new RequirementCoverage.Entry(r.id(), verdict, untestedWhy(mine), null));
      }
    }
    return new RequirementCoverage(entries);
  }

  /**
   * The requirements that no check of {@code suites} covers and that spec/README.md §7 does not
   * declare untested: a run of every check would fail this gate on them, whatever the
   * implementation. The spec site's build check (docs/adr/1301) asks this before any run.
   */
  public static List<String> withoutCheck(RequirementCatalog catalog, List<Suite> suites) {
    Set<String> covered = new HashSet<>();
    suites.forEach(s -> s.checks().forEach(c -> covered.addAll(c.requirements())));
    List<String> missing = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      if (!covered.contains(r.id()) && catalog.untestedDeclaration(r.id()).isEmpty()) {
        missing.add(r.id());
      }
    }
    return missing;
  }

  /** The cases of a run by the requirement IDs they name, in run order. */
  public static Map<String, List<CaseResult>> casesByRequirement(List<CaseResult> cases) {
    Map<String, List<CaseResult>> byRequirement = new LinkedHashMap<>();
    for (CaseResult c : cases) {
      for (String id : c.requirements()) {
        byRequirement.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
      }
    }
    return byRequirement;
  }

  /**
   * The requirement verdict of the issue-15 decision 2
   * (docs/adr/0306-not-applicable-capabilities-profiles.md): failed if any applicable covering case
   * failed or errored; expected failure if one is listed as such and none failed; not applicable if
   * every covering case is; passed if at least one passed; otherwise (no covering case, or only
   * skipped and not applicable ones) untested.
   */
  static RequirementVerdict verdict(List<CaseResult> covering) {
    int passed = 0;
    int notApplicable = 0;
    boolean expectedFailure = false;
    for (CaseResult c : covering) {
      Outcome o = c.outcome();
      if (o == Outcome.FAILED || o == Outcome.ERRORED) {
        return RequirementVerdict.FAILED;
      }
      if (o == Outcome.EXPECTED_FAILURE) {
        expectedFailure = true;
      } else if (o == Outcome.PASSED) {
        passed++;
      } else if (o == Outcome.NOT_APPLICABLE) {
        notApplicable++;
      }
    }
    if (covering.isEmpty()) {
      return RequirementVerdict.UNTESTED;
    }
    if (expectedFailure) {
      return RequirementVerdict.EXPECTED_FAILURE;
    }
    if (notApplicable == covering.size()) {
      return RequirementVerdict.NOT_APPLICABLE;
    }
    return passed > 0 ? RequirementVerdict.PASSED : RequirementVerdict.UNTESTED;
  }

  private static String untestedWhy(List<CaseResult> covering) {
    if (covering.isEmpty()) {
      return "no check covers it";
    }
    List<String> skipped = new ArrayList<>();
    for (CaseResult c : covering) {
      if (c.outcome() == Outcome.SKIPPED) {
        skipped.add(c.id() + " (" + c.detail() + ")");
      }
    }
    return "no check that covers it ran: " + String.join(", ", skipped);
  }
}
