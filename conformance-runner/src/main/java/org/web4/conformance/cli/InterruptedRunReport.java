package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.web4.cli.CommandErrors;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.run.CoverageGate;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Ctrl-C (SIGINT, or SIGTERM) during a run: a JVM shutdown hook writes the cases of the suites that
 * finished as a partial report — report.json's summary says {@code interrupted} — and says so on
 * stderr. If the run finished first, the hook writes nothing and waits (at most {@link
 * #FINAL_REPORT_WAIT}) for the final reports to be written, so that they are not cut short.
 */
final class InterruptedRunReport implements ProgressListener, AutoCloseable {
  /** How long the hook lets a finished run write its own reports before the JVM exits. */
  static final Duration FINAL_REPORT_WAIT = Duration.ofSeconds(20);

  private enum State {
    RUNNING,
    INTERRUPTED,
    FINISHED
  }

  private final AtomicReference<State> state = new AtomicReference<>(State.RUNNING);
  private final CountDownLatch finalReportWritten = new CountDownLatch(1);
  private final List<CaseResult> finished = new ArrayList<>();
  private int suites;
  private final ProgressListener next;
  private final RunHeader header;
  private final long startNanos = System.nanoTime();
  private final RequirementCatalog catalog;
  private final Path reportDir;
  private final boolean slow;
  private final PrintWriter err;
  private final Thread hook;

  /**
   * Registers the shutdown hook.
   *
   * @param next the progress listener to pass suites on to
   * @param header the run's header (its duration is replaced by the time run until the interrupt)
   */
  InterruptedRunReport(
      ProgressListener next,
      RunHeader header,
      RequirementCatalog catalog,
      Path reportDir,
      boolean slow,
      PrintWriter err) {
    this.next = next;
    this.header = header;
    this.catalog = catalog;
    this.reportDir = reportDir;
    this.slow = slow;
    this.err = err;
    this.hook = new Thread(this::onShutdown, "web4-conformance-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  @Override
  public void runStarting(int checks) {
    next.runStarting(checks);
  }

  @Override
  public void checkFinished(Suite suite, CaseResult result) {
    next.checkFinished(suite, result);
  }

  @Override
  public void suiteFinished(Suite suite, List<CaseResult> results) {
    synchronized (finished) {
      finished.addAll(results);
      suites++;
    }
    next.suiteFinished(suite, results);
  }

  /**
   * The run finished: from now on the hook writes nothing. Returns false if an interrupt came first
   * (its hook writes the partial report; the caller must not write over it).
   */
  boolean finish() {
    return state.compareAndSet(State.RUNNING, State.FINISHED);
  }

  /** The final reports are written (or failed): an interrupt now lets the JVM exit at once. */
  void finalReportWritten() {
    finalReportWritten.countDown();
  }

  @Override
  public void close() {
    finalReportWritten.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs (or ran) and decides by the state
    }
  }

  private void onShutdown() {
    if (!state.compareAndSet(State.RUNNING, State.INTERRUPTED)) {
      awaitFinalReport();
      return;
    }
    List<CaseResult> cases;
    int suitesDone;
    synchronized (finished) {
      cases = List.copyOf(finished);
      suitesDone = suites;
    }
    String why =
        "interrupted after "
            + suitesDone
            + " suites ("
            + cases.size()
            + " cases); the suite that was running and those after it are not in this report";
    RunResult partial =
        new RunResult(
            withDuration(header, Duration.ofNanos(System.nanoTime() - startNanos)),
            cases,
            CapturedOutput.none(),
            List.of(),
            CoverageGate.judge(catalog, cases, CoverageGate.Scope.everything(slow)));
    try {
      ReportWriter.writePartial(partial, catalog, reportDir, why);
      err.println(
          ConformanceCommand.PROGRAM
              + ": "
              + why
              + ": partial report in "
              + reportDir.toAbsolutePath());
    } catch (IOException e) {
      err.println(
          ConformanceCommand.PROGRAM
              + ": interrupted; the partial report could not be written: --report-dir "
              + CommandErrors.describe(e));
    }
    err.flush();
  }

  private void awaitFinalReport() {
    try {
      if (!finalReportWritten.await(FINAL_REPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        err.println(
            ConformanceCommand.PROGRAM
                + ": interrupted while writing the reports; they may be incomplete");
        err.flush();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static RunHeader withDuration(RunHeader h, Duration d) {
    return new RunHeader(
        h.targetName(),
        h.implementationName(),
        h.implementationVersion(),
        h.identity(),
        h.kitVersion(),
        h.specVersion(),
        h.vectorsManifestSha256(),
        h.vectorsSource(),
        h.seed(),
        h.profile(),
        h.tags(),
        h.examples(),
        h.startedAt(),
        d,
        h.commandLine());
  }
}
