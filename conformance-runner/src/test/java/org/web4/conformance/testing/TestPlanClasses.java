package org.web4.conformance.testing;

import java.util.HashSet;
import java.util.Set;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/** The test classes a JUnit Platform test plan holds, for the listeners that start runs early. */
public final class TestPlanClasses {
  private TestPlanClasses() {}

  /** The simple names of the plan's top-level test classes. */
  public static Set<String> simpleNames(TestPlan plan) {
    Set<String> names = new HashSet<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier child : plan.getChildren(root)) {
        if (child.getSource().orElse(null) instanceof ClassSource c) {
          String name = c.getClassName();
          names.add(name.substring(name.lastIndexOf('.') + 1));
        }
      }
    }
    return names;
  }
}
