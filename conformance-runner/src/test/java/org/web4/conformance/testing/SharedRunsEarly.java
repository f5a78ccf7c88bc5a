package org.web4.conformance.testing;

import java.util.Set;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * Starts the build's whole-kit runs in the background as the test plan begins — the reference's
 * ({@link ReferenceKitRun}) when the plan holds {@code EmbeddedReferenceRunTest}, web4py's ({@link
 * PythonKitRun}) and web4py's own unit tests ({@link PythonUnitTests}) when it holds {@code
 * PythonImplementationTest} — so that they overlap the rest of the build instead of running when
 * their classes' turn comes (issue 19, build time; docs/adr/1107, 1108, 1423). Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}. A targeted plan
 * without those classes starts nothing; the tests judge the runs exactly as before. The run on four
 * workers ({@link ParallelKitRun}) starts when {@code ParallelRunAgreesTest}'s turn comes, not
 * here: started with the others (eleven heavy runs on 2 cores at once), its real-time RTT-LIM-008
 * scenario missed its bound in a fresh-clone build.
 */
public final class SharedRunsEarly implements TestExecutionListener {
  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Set<String> classes = TestPlanClasses.simpleNames(plan);
    if (classes.contains("EmbeddedReferenceRunTest")) {
      ReferenceKitRun.RUN.start();
    }
    if (classes.contains("PythonImplementationTest")) {
      PythonKitRun.RUN.start();
      PythonUnitTests.start();
    }
  }
}
