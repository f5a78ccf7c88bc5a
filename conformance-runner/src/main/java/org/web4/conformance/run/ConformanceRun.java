package org.web4.conformance.run;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.harness.HarnessInfo;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.ProcessTarget;
import org.web4.conformance.target.Target;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.target.TargetException;
import org.web4.conformance.target.Targets;
import org.web4.conformance.vectors.VectorSet;
import org.web4.vectors.VectorManifest;

/**
 * One run from start to finish: verify the vectors, build and validate the suites, open the target,
 * ask it who it is, run every check, close the target. Usage and target problems are exceptions
 * (exit 2); verdicts are in the returned {@link RunResult}.
 */
public final class ConformanceRun {
  private final RequirementCatalog requirements;
  private final ProgressListener progress;
  private SuiteSelection selection = SuiteSelection.EVERYTHING;
  private int jobs = 1;

  public ConformanceRun(RequirementCatalog requirements, ProgressListener progress) {
    this.requirements = requirements;
    this.progress = progress;
  }

  /**
   * Runs the suites on {@code workers} workers, each against an instance of the target of its own
   * (docs/adr/1103); 1, the default, runs them one after the other against one instance.
   */
  public ConformanceRun withJobs(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("--jobs must be at least 1, not " + workers);
    }
    this.jobs = workers;
    return this;
  }

  /** Runs only what {@code selected} keeps of the discovered suites (default: everything). */
  public ConformanceRun withSelection(SuiteSelection selected) {
    this.selection = selected;
    return this;
  }

  /**
   * Runs every suite against the target of the options.
   *
   * @throws VectorManifest.TamperedException the vectors failed verification (names the file)
   * @throws TargetException the implementation could not be started or reached
   * @throws org.web4.conformance.spec.RunnerConfigurationException a check names an unknown
   *     requirement ID
   */
  public RunResult execute(RunOptions options)
      throws VectorManifest.TamperedException, IOException, TargetException {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    VectorSet vectors =
        options.vectorsDir() == null
            ? VectorSet.fromClasspath()
            : VectorSet.fromDirectory(options.vectorsDir());
    List<Suite> suites = selection.select(suites(vectors, options));
    ConformanceRunner.validate(suites, requirements);
    Profile profile = options.effectiveProfile();

    Path expectedFile = options.effectiveExpectedFailures();
    ExpectedFailures expected =
        expectedFile == null ? ExpectedFailures.none() : ExpectedFailures.read(expectedFile);
    TargetDescriptor descriptor = options.target();
    if (jobs > 1 && descriptor != null && descriptor.launch() == null) {
      // every worker needs an instance of its own (docs/adr/1103); one that is connected to is
      // one instance, whose state (reset, clock, events) the workers would share
      throw new TargetException(
          descriptor.name()
              + ": --jobs "
              + jobs
              + " needs a target the kit launches (one instance per worker); this one is"
              + " connected to: use --jobs 1");
    }
    Target target = Targets.open(descriptor, options.seed());
    List<CaseResult> cases;
    HarnessInfo info = null;
    try {
      if (target.hasHarness()) {
        try {
          info = target.harness().info();
        } catch (HarnessException e) {
          throw new TargetException(target.name() + ": GET /info failed: " + e.getMessage(), e);
        }
      }
      ProgressListener heard = expected.marking(progress);
      if (jobs > 1) {
        heard = ProgressListener.oneAtATime(heard); // the workers finish checks concurrently
      }
      Offer offer = Offer.of(info, target.rtt().isPresent());
      ProgressListener listener = heard;
      ParallelRun.Runners runners =
          instance ->
              new ConformanceRunner(
                      requirements,
                      profile,
                      options.seed(),
                      instance.hasHarness() ? instance.harness() : null,
                      listener)
                  .withRtt(instance.rtt().orElse(null))
                  .withOffer(offer)
                  .withProcess(
                      instance instanceof ProcessTarget launched ? launched.processHandle() : null);
      ConformanceRunner runner = runners.against(target);
      // no more workers than pieces of work: a small selection starts no idle instances
      int workers = Math.min(jobs, ParallelRun.pieces(suites).size());
      cases =
          workers <= 1
              ? runner.run(suites)
              : new ParallelRun(
                      workers, () -> Targets.open(options.target(), options.seed()), runners)
                  .run(runner, suites);
    } finally {
      target.close();
    }
    RunHeader header = header(options, vectors, profile, target.name(), info, started, t0);
    ExpectedFailures.Applied applied = expected.apply(cases);
    RequirementCoverage coverage =
        CoverageGate.judge(requirements, applied.cases(), scope(vectors, options, suites));
    List<ProfileResult> profiles =
        ProfileConformance.judge(
            requirements,
            applied.cases(),
            ProfileConformance.leastProfiles(suites),
            profile,
            coverage.counts().getOrDefault(RequirementVerdict.NOT_SELECTED, 0) > 0,
            options.slow());
    return new RunResult(
        header, applied.cases(), target.output(), applied.stale(), coverage, profiles);
  }

  /**
   * What the run's selection left out: the suites without {@code --tags} and the selection, less
   * the selected.
   */
  private CoverageGate.Scope scope(VectorSet vectors, RunOptions options, List<Suite> selected) {
    String selectedBy = selection.describe();
    if (options.tags() == null && selectedBy == null) {
      return CoverageGate.Scope.everything(options.slow());
    }
    String by =
        options.tags() == null
            ? selectedBy
            : "--tags " + options.tags() + (selectedBy == null ? "" : " " + selectedBy);
    return CoverageGate.Scope.of(
        options.slow(), by, selected, suites(vectors, options.withoutTags()));
  }

  /** The suites of a run, without contacting any implementation (for {@code list}). */
  public List<Suite> suites(VectorSet vectors, RunOptions options) {
    List<Suite> suites =
        new ArrayList<>(
            SuiteDiscovery.discover(
                new SuiteEnvironment(
                    vectors,
                    requirements,
                    options.tags(),
                    options.seed(),
                    options.examples(),
                    options.featuresDir(),
                    options.slow(),
                    options.effectiveProfile())));
    // listed last; ConformanceRunner runs it after the others, with its wire judge
    suites.add(WireJudgeSuite.listing(requirements));
    return suites;
  }

  private RunHeader header(
      RunOptions options,
      VectorSet vectors,
      Profile profile,
      String targetName,
      @Nullable HarnessInfo info,
      Instant started,
      long t0) {
    return new RunHeader(
        targetName,
        info == null ? null : info.name(),
        info == null ? null : info.version(),
        info == null ? null : info.identity(),
        KitVersion.get(),
        requirements.specVersion(),
        vectors.manifestSha256(),
        vectors.source(),
        options.seed(),
        profile,
        options.tags(),
        options.examples(),
        started,
        Duration.ofNanos(System.nanoTime() - t0),
        options.commandLine());
  }
}
