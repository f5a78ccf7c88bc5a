package org.web4.conformance.miniatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.web4.conformance.testing.KitRunInBackground;
import org.web4.conformance.testing.PythonKitRun;
import org.web4.conformance.testing.ReferenceKitRun;
import org.web4.conformance.testing.TestPlanClasses;

/**
 * Starts the deviant runs of every {@code *DeviationsTest} class in the test plan as the plan
 * begins, in the background, so that they overlap the rest of the build instead of running after it
 * (issue 19, build time; docs/adr/1107), the areas whose runs take longest first. Each whole-kit
 * run of the plan that goes beside them leaves its place to one more deviant run when it ends
 * (docs/adr/1431). Registered through {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}; a plan without those
 * classes (a targeted {@code -Dtest=…}) starts nothing. Each class's cases then wait for their runs
 * and judge them exactly as before: nothing is judged here.
 */
public final class DeviantRunsEarly implements TestExecutionListener {
  /** The whole-kit runs that start with the plan, by the test class that has them start. */
  private static final Map<String, KitRunInBackground> BESIDE =
      Map.of(
          "EmbeddedReferenceRunTest", ReferenceKitRun.RUN,
          "PythonImplementationTest", PythonKitRun.RUN);

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Set<String> classes = TestPlanClasses.simpleNames(plan);
    try {
      for (DeviationArea area : DeviationArea.LONGEST_FIRST) {
        if (classes.contains(area.testClass())) {
          area.start();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading docs/deviations.md", e);
    }
    BESIDE.forEach(
        (testClass, run) -> {
          if (classes.contains(testClass)) {
            run.whenFinished(DeviationArea::onePlaceMore);
          }
        });
  }
}
