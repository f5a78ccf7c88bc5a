package org.web4.conformance.testing;

/**
 * The build's second whole-kit run against the embedded reference, on {@value #JOBS} workers
 * ({@code web4-conformance run --seed 42 --jobs 4 --report-dir
 * conformance-runner/target/reports/parallel}, {@link KitRunInBackground}), which {@code
 * ParallelRunAgreesTest} compares case by case with the serial {@link ReferenceKitRun}
 * (docs/adr/1103); started when first asked for.
 */
public final class ParallelKitRun {
  /** More workers than the build machine's two cores: the LIP and HCP real-time waits overlap. */
  public static final int JOBS = 4;

  /** The run. */
  public static final KitRunInBackground RUN =
      new KitRunInBackground(
          "parallel-kit-run",
          "parallel",
          "--seed",
          Long.toString(ReferenceKitRun.SEED),
          "--jobs",
          Integer.toString(JOBS));

  private ParallelKitRun() {}

  /** The run, once it is finished; starts it if needed. */
  public static KitRunInBackground.Finished get() {
    return RUN.get();
  }
}
