package org.web4.conformance.miniatures;

import java.util.List;
import java.util.Set;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.select.Selection;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.ReferenceOnLoopback;
import org.web4.conformance.vectors.VectorSet;
import org.web4.rtt.Deviation;

/**
 * The reference with deliberate deviations, run over real loopback sockets (RTT and its harness)
 * through the kit: the scenarios a tag expression selects, judged by the wire judge. The shared
 * fixture of the {@code *DeviationsTest} classes.
 */
final class DeviantReference {
  private static final String WIRE_JUDGE = DeviationArea.WIRE_JUDGE;

  private DeviantReference() {}

  /**
   * Every case of one run of the kit against the reference with {@code deviations}: the scenarios
   * {@code tags} selects, judged by the wire judge (what a deviation can change).
   *
   * @param tags the scenarios to run (a Cucumber tag expression)
   * @param seed the run's seed
   */
  static List<CaseResult> run(Set<Deviation> deviations, String tags, long seed) throws Exception {
    return run(deviations, tags, seed, false);
  }

  /**
   * Every case of one run of the kit against the reference with {@code deviations}: the scenarios
   * {@code tags} selects, judged by the wire judge, and, when {@code forMutants}, every vector,
   * property and harness-API check too, as {@code --fail-fast} runs them: a mutant that fails one
   * check is known killed at once, instead of after every later check has waited out its own
   * deadlines (PIT would count such a slow run as timed out, not as killed by a named check).
   */
  static List<CaseResult> run(Set<Deviation> deviations, String tags, long seed, boolean forMutants)
      throws Exception {
    return run(deviations, tags, seed, forMutants, false);
  }

  /** As {@link #run(Set, String, long)}, with the {@code @slow} scenarios run (--slow). */
  static List<CaseResult> runSlow(Set<Deviation> deviations, String tags, long seed)
      throws Exception {
    return run(deviations, tags, seed, false, true);
  }

  private static List<CaseResult> run(
      Set<Deviation> deviations, String tags, long seed, boolean forMutants, boolean slow)
      throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    RunOptions options = new RunOptions(null, null, seed, null, tags, null, null, slow, List.of());
    // Without the harness checks, the scenarios and the wire judge only: the vectors, properties
    // and harness-API checks call the canonicalizer, the signer and the envelope validator through
    // the harness, which no deviation changes (each changes the agent's RTT, CIP, HCP or LIP
    // runtime, docs/deviations.md); the mutants of PIT's envelope group need them.
    List<Suite> suites =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .suites(VectorSet.fromClasspath(), options).stream()
                .filter(
                    s ->
                        forMutants
                            || s.name().startsWith("features/")
                            || s.name().equals(WIRE_JUDGE))
                .toList();
    if (forMutants) {
      suites =
          Selection.of(catalog, List.of(), List.of(), null, List.of(), true, null).select(suites);
    }
    try (ReferenceOnLoopback reference = new ReferenceOnLoopback("deviant", seed, deviations)) {
      return new ConformanceRunner(
              catalog, Profile.FULL, seed, reference.harness(), ProgressListener.NONE)
          .withRtt(reference.rtt())
          .run(suites);
    }
  }
}
