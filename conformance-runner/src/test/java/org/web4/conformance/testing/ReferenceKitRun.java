package org.web4.conformance.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.model.RunResult;

/**
 * The build's one run of the whole kit against the embedded reference (docs/adr/1102), shared by
 * every test of this module that reads its verdicts, its console or its reports: {@code
 * web4-conformance run --seed 42 --jobs 1 --report-dir
 * conformance-runner/target/reports/reference}, through the command line as a user runs it. It runs
 * once per test JVM (Surefire runs this module's tests in one), on a worker of its own, from the
 * first time a test asks for it or from the start of a test plan that holds {@code
 * EmbeddedReferenceRunTest} ({@link SharedRunsEarly}); the report stays beside web4py's for the
 * build's comparison page (ComparisonPageIT).
 */
public final class ReferenceKitRun {
  /** The run's seed. */
  public static final long SEED = 42;

  /**
   * The finished run.
   *
   * @param exit the command's exit code
   * @param console what it printed on stderr (progress, summary, claim)
   * @param result the run's verdicts, as its reports were written from them
   * @param reportDir where report.json, report.html and junit.xml are
   */
  public record Finished(int exit, String console, RunResult result, Path reportDir) {}

  private static final BackgroundRun<Finished> RUN =
      new BackgroundRun<>("reference-kit-run", ReferenceKitRun::runOnce);

  private ReferenceKitRun() {}

  /** Starts the run in the background if it has not started ({@link SharedRunsEarly}). */
  public static void start() {
    RUN.start();
  }

  /** The run, started the first time it is asked for (or earlier), once it is finished. */
  public static Finished get() {
    return RUN.get();
  }

  private static Finished runOnce() {
    Path reports = KitFiles.root().resolve("conformance-runner/target/reports/reference");
    StringWriter err = new StringWriter();
    List<RunResult> results = new ArrayList<>();
    int exit =
        ConformanceCommand.commandLine(results::add)
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "--seed",
                Long.toString(SEED),
                "--jobs",
                "1", // the serial run ParallelRunAgreesTest compares with (docs/adr/1109)
                "--report-dir",
                reports.toString());
    if (results.size() != 1) {
      throw new IllegalStateException(
          "the reference run finished " + results.size() + " times (exit " + exit + "): " + err);
    }
    return new Finished(exit, err.toString(), results.get(0), reports);
  }
}
