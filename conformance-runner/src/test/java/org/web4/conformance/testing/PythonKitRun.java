package org.web4.conformance.testing;

/**
 * The build's one run of the whole kit against web4py ({@code web4-conformance run --target
 * targets/python.json --seed 20261130 --jobs 1 --report-dir
 * conformance-runner/target/reports/python}, {@link KitRunInBackground}), a process the run
 * launches; its reports are for the build's comparison page (ComparisonPageIT). Started when a test
 * plan that holds {@code PythonImplementationTest} begins ({@link SharedRunsEarly}) or when first
 * asked for.
 */
public final class PythonKitRun {
  /** The run's seed. */
  public static final long SEED = 20261130L;

  /** The run, on one worker as before (the CLI's default for a launched target is kitref's). */
  public static final KitRunInBackground RUN =
      new KitRunInBackground(
          "python-kit-run",
          "python",
          "--target",
          KitFiles.root().resolve("targets/python.json").toString(),
          "--seed",
          Long.toString(SEED),
          "--jobs",
          "1");

  private PythonKitRun() {}

  /** The run, once it is finished, its reports written; starts it if needed. */
  public static KitRunInBackground.Finished get() {
    return RUN.get();
  }
}
