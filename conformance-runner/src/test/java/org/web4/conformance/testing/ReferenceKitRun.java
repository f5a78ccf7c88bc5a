package org.web4.conformance.testing;

/**
 * The build's one run of the whole kit against the embedded reference (docs/adr/1102), shared by
 * every test of this module that reads its verdicts, its console or its reports: {@code
 * web4-conformance run --seed 42 --jobs 1 --report-dir conformance-runner/target/reports/reference}
 * ({@link KitRunInBackground}), started when a test plan that holds {@code
 * EmbeddedReferenceRunTest} begins ({@link SharedRunsEarly}) or when first asked for; the report
 * stays beside web4py's for the build's comparison page (ComparisonPageIT).
 */
public final class ReferenceKitRun {
  /** The run's seed. */
  public static final long SEED = 42;

  /** The run, serial: the one ParallelRunAgreesTest compares with (docs/adr/1109). */
  public static final KitRunInBackground RUN =
      new KitRunInBackground(
          "reference-kit-run", "reference", "--seed", Long.toString(SEED), "--jobs", "1");

  private ReferenceKitRun() {}

  /** The run, once it is finished; starts it if needed. */
  public static KitRunInBackground.Finished get() {
    return RUN.get();
  }
}
