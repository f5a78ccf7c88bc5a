package org.web4.conformance.select;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteSelection;
import org.web4.conformance.run.WireJudgeSuite;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * What a run selects, across every suite (docs/adr/0304-selection.md):
 *
 * <ul>
 *   <li>{@code --requirement} (ID or prefix) and {@code --check} (check ID, file, name) and {@code
 *       --rerun report.json} (its failed and errored cases) pick checks; with none of them every
 *       check is picked; several pick the union;
 *   <li>{@code --kind} keeps only checks of the given kinds (vector, scenario, harness, property,
 *       judge): {@code --tags EXPR --kind scenario} runs the tagged scenarios and nothing else;
 *   <li>{@code --tags} (applied by the scenario suites) selects scenarios only; it leaves the other
 *       suites alone unless {@code --kind} says otherwise;
 *   <li>{@code --fail-fast} skips every check after the first that fails or errors.
 * </ul>
 *
 * Every typed ID must select something, and so must the whole selection: otherwise a {@link
 * SelectionException} (a usage error, exit 2) before any target starts.
 */
public final class Selection implements SuiteSelection {
  private static final int SUGGESTIONS = 3;

  private final List<String> requirements;
  private final List<String> checks;
  private final @Nullable Path rerun;
  private final List<String> rerunChecks;
  private final Set<String> kinds;
  private final boolean failFast;
  private final @Nullable String tags;

  private Selection(
      List<String> requirements,
      List<String> checks,
      @Nullable Path rerun,
      List<String> rerunChecks,
      Set<String> kinds,
      boolean failFast,
      @Nullable String tags) {
    this.requirements = List.copyOf(requirements);
    this.checks = List.copyOf(checks);
    this.rerun = rerun;
    this.rerunChecks = List.copyOf(rerunChecks);
    this.kinds = Set.copyOf(kinds);
    this.failFast = failFast;
    this.tags = tags;
  }

  /**
   * The selection of a run's options, checked against the spec (each requirement pattern selects a
   * requirement) and the rerun file (read now).
   *
   * @param tags the run's {@code --tags}, if any (it selects no scenario: a usage error)
   * @throws SelectionException for a pattern that selects no requirement, an unreadable rerun file
   *     or an unknown kind
   */
  public static Selection of(
      RequirementCatalog catalog,
      List<String> requirements,
      List<String> checks,
      @Nullable Path rerun,
      List<String> kinds,
      boolean failFast,
      @Nullable String tags) {
    List<String> patterns = new ArrayList<>();
    List<String> ids = catalog.all().stream().map(Requirement::id).toList();
    for (String typed : requirements) {
      String p = RequirementPatterns.normalize(typed);
      if (ids.stream().noneMatch(id -> RequirementPatterns.selects(p, id))) {
        throw new SelectionException(
            "--requirement "
                + typed
                + ": no requirement of spec "
                + catalog.specVersion()
                + " is or starts with it"
                + Closest.didYouMean(Closest.to(p, ids, SUGGESTIONS)));
      }
      patterns.add(p);
    }
    Set<String> kindSet = new LinkedHashSet<>();
    kinds.forEach(k -> kindSet.add(CheckKinds.parse(k)));
    List<String> rerunIds = rerun == null ? List.of() : RerunFile.failedCases(rerun);
    return new Selection(patterns, checks, rerun, rerunIds, kindSet, failFast, tags);
  }

  @Override
  public List<Suite> select(List<Suite> discovered) {
    if (tags != null && discovered.stream().noneMatch(Selection::hasScenario)) {
      throw new SelectionException("--tags " + tags + " selects no scenario");
    }
    requireEachCheckFound(discovered);
    FailFast guard = failFast ? new FailFast() : null;
    List<Suite> selected = new ArrayList<>();
    int checksToRun = 0;
    for (Suite suite : discovered) {
      List<Check> kept = suite.checks().stream().filter(this::picks).toList();
      if (kept.isEmpty()) {
        continue;
      }
      if (suite instanceof WireJudgeSuite) {
        selected.add(suite); // kept whole: its cases are what was judged
        continue;
      }
      checksToRun += kept.size();
      if (guard == null && kept.size() == suite.checks().size()) {
        selected.add(suite);
      } else {
        selected.add(
            new SelectedSuite(
                suite, guard == null ? kept : kept.stream().map(guard::guard).toList()));
      }
    }
    if (checksToRun == 0) {
      throw new SelectionException(
          "the selection "
              + (describe() == null ? "" : "(" + describe() + ") ")
              + "selects no check to run"
              + (selected.isEmpty() ? "" : " (the wire judge only judges what other checks send)"));
    }
    return selected;
  }

  @Override
  public @Nullable String describe() {
    List<String> parts = new ArrayList<>();
    requirements.forEach(r -> parts.add("--requirement " + r));
    checks.forEach(c -> parts.add("--check " + c));
    if (rerun != null) {
      parts.add("--rerun " + rerun);
    }
    kinds.forEach(k -> parts.add("--kind " + k));
    return parts.isEmpty() ? null : String.join(" ", parts);
  }

  private boolean picks(Check check) {
    if (!kinds.isEmpty() && !kinds.contains(CheckKinds.of(check))) {
      return false;
    }
    if (requirements.isEmpty() && checks.isEmpty() && rerun == null) {
      return true;
    }
    return RequirementPatterns.selectsAny(requirements, check.requirements())
        || checks.stream().anyMatch(typed -> CheckIds.selects(typed, check.id()))
        || rerunChecks.contains(check.id());
  }

  /** A typed check ID that selects nothing is a typo: say so, with the closest IDs. */
  private void requireEachCheckFound(List<Suite> discovered) {
    List<String> known = new ArrayList<>();
    discovered.forEach(s -> s.checks().forEach(c -> known.add(c.id())));
    for (String typed : checks) {
      if (known.stream().noneMatch(id -> CheckIds.selects(typed, id))) {
        throw new SelectionException(
            "--check "
                + typed
                + ": no check of this run has that ID"
                + Closest.didYouMean(Closest.to(typed, known, SUGGESTIONS)));
      }
    }
    for (String id : rerunChecks) {
      if (!known.contains(id)) {
        throw new SelectionException(
            "--rerun " + rerun + ": its case " + id + " is not a check of this run");
      }
    }
  }

  private static boolean hasScenario(Suite suite) {
    return suite.checks().stream().anyMatch(c -> CheckKinds.of(c).equals("scenario"));
  }
}
