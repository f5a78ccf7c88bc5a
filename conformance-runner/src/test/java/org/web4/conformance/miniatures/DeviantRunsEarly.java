package org.web4.conformance.miniatures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;
import org.web4.conformance.testing.TestPlanClasses;

/**
 * Starts the deviant runs of every {@code *DeviationsTest} class in the test plan as the plan
 * begins, in the background, so that they overlap the rest of the build instead of running after it
 * (issue 19, build time; docs/adr/1107). Registered through {@code
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener}; a plan without those
 * classes (a targeted {@code -Dtest=…}) starts nothing. Each class's cases then wait for their runs
 * and judge them exactly as before: nothing is judged here.
 */
public final class DeviantRunsEarly implements TestExecutionListener {

  @Override
  public void testPlanExecutionStarted(TestPlan plan) {
    Set<String> classes = TestPlanClasses.simpleNames(plan);
    for (DeviationArea area : DeviationArea.LONGEST_FIRST) {
      if (classes.contains(area.testClass())) {
        try {
          area.start();
        } catch (IOException e) {
          throw new UncheckedIOException("reading docs/deviations.md for " + area, e);
        }
      }
    }
  }
}
