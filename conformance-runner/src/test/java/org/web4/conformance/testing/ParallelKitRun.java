package org.web4.conformance.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.model.RunResult;

/**
 * The build's second whole-kit run against the embedded reference, on {@value #JOBS} workers
 * ({@code web4-conformance run --seed 42 --jobs 4}), which {@code ParallelRunAgreesTest} compares
 * case by case with the serial {@link ReferenceKitRun} (docs/adr/1103). Once per test JVM, on a
 * worker of its own, from the start of a test plan that holds {@code ParallelRunAgreesTest} ({@link
 * SharedRunsEarly}) or from the first time it is asked for; its reports go to {@code
 * conformance-runner/target/reports/parallel}.
 */
public final class ParallelKitRun {
  /** More workers than the build machine's two cores: the LIP and HCP real-time waits overlap. */
  public static final int JOBS = 4;

  /**
   * The finished run.
   *
   * @param exit the command's exit code
   * @param console what it printed on stderr
   * @param result the run's verdicts
   */
  public record Finished(int exit, String console, RunResult result) {}

  private static final BackgroundRun<Finished> RUN =
      new BackgroundRun<>("parallel-kit-run", ParallelKitRun::runOnce);

  private ParallelKitRun() {}

  /** Starts the run in the background if it has not started. */
  public static void start() {
    RUN.start();
  }

  /** The run, once it is finished; starts it if needed. */
  public static Finished get() {
    return RUN.get();
  }

  private static Finished runOnce() {
    Path reports = KitFiles.root().resolve("conformance-runner/target/reports/parallel");
    StringWriter err = new StringWriter();
    List<RunResult> results = new ArrayList<>();
    int exit =
        ConformanceCommand.commandLine(results::add)
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "--seed",
                Long.toString(ReferenceKitRun.SEED),
                "--jobs",
                Integer.toString(JOBS),
                "--report-dir",
                reports.toString());
    if (results.size() != 1) {
      throw new IllegalStateException(
          "the parallel run finished " + results.size() + " times (exit " + exit + "): " + err);
    }
    return new Finished(exit, err.toString(), results.get(0));
  }
}
