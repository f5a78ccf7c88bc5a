package org.web4.conformance.testing;

import java.util.List;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.TargetDescriptor;

/**
 * The build's one run of the whole kit against web4py ({@code targets/python.json}, seed 20261130),
 * a process the run launches; its reports go to {@code conformance-runner/target/reports/python}
 * for the build's comparison page (ComparisonPageIT). Once per test JVM, on a worker of its own,
 * from the first time a test asks for it or from the start of a test plan that holds {@code
 * PythonImplementationTest} ({@link SharedRunsEarly}).
 */
public final class PythonKitRun {
  /** The run's seed. */
  public static final long SEED = 20261130L;

  private static final BackgroundRun<RunResult> RUN =
      new BackgroundRun<>("python-kit-run", PythonKitRun::runOnce);

  private PythonKitRun() {}

  /** Starts the run in the background if it has not started. */
  public static void start() {
    RUN.start();
  }

  /** The run, once it is finished, its reports written. */
  public static RunResult get() {
    return RUN.get();
  }

  private static RunResult runOnce() throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    TargetDescriptor python = TargetDescriptor.read(KitFiles.root().resolve("targets/python.json"));
    RunResult result =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .execute(
                new RunOptions(python, null, SEED, null, null, null, null, false, List.of("test")));
    ReportWriter.write(
        result, catalog, KitFiles.root().resolve("conformance-runner/target/reports/python"));
    return result;
  }
}
