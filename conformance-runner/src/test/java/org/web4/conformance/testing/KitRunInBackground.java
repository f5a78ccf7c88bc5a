package org.web4.conformance.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.model.RunResult;

/**
 * One whole-kit run shared by this module's tests, through the command line as a user runs it
 * ({@code web4-conformance run ARGS --report-dir conformance-runner/target/reports/NAME}), once per
 * test JVM on a worker of its own ({@link BackgroundRun}): started when first asked for, or when
 * the test plan begins ({@link SharedRunsEarly}). The background plumbing of {@link
 * ReferenceKitRun}, {@link ParallelKitRun} and {@link PythonKitRun}, written once (docs/adr/1431).
 */
public final class KitRunInBackground {
  /**
   * The finished run.
   *
   * @param exit the command's exit code
   * @param console what it printed on stderr (progress, summary, claim)
   * @param result the run's verdicts, as its reports were written from them
   * @param reportDir where report.json, report.html and junit.xml are
   */
  public record Finished(int exit, String console, RunResult result, Path reportDir) {}

  private final String name;
  private final List<String> args;
  private final Path reportDir;
  private final BackgroundRun<Finished> run;

  /**
   * A run of {@code web4-conformance run args…}, its reports in {@code
   * conformance-runner/target/reports/reports}.
   *
   * @param name the run's name (its worker's, and its line in background-runs.tsv)
   * @param reports the folder of target/reports its reports go to
   * @param args the options after {@code run}, {@code --report-dir} aside
   */
  public KitRunInBackground(String name, String reports, String... args) {
    this.name = name;
    this.args = List.of(args);
    this.reportDir = KitFiles.root().resolve("conformance-runner/target/reports").resolve(reports);
    this.run = new BackgroundRun<>(name, this::runOnce);
  }

  /** Starts the run in the background if it has not started. */
  public void start() {
    run.start();
  }

  /**
   * Runs {@code then} when the run has finished (at once if it has); nothing if it never starts.
   */
  public void whenFinished(Runnable then) {
    run.whenFinished(then);
  }

  /** The run, once it is finished; starts it if needed. */
  public Finished get() {
    return run.get();
  }

  private Finished runOnce() {
    List<String> argv = new ArrayList<>();
    argv.add("run");
    argv.addAll(args);
    argv.add("--report-dir");
    argv.add(reportDir.toString());
    StringWriter err = new StringWriter();
    List<RunResult> results = new ArrayList<>();
    int exit =
        ConformanceCommand.commandLine(results::add)
            .setErr(new PrintWriter(err))
            .execute(argv.toArray(String[]::new));
    if (results.size() != 1) {
      throw new IllegalStateException(
          name + " finished " + results.size() + " times (exit " + exit + "): " + err);
    }
    return new Finished(exit, err.toString(), results.get(0), reportDir);
  }
}
