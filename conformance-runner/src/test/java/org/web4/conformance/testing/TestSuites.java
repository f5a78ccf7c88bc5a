package org.web4.conformance.testing;

import java.util.List;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Suite;

/** A suite of given checks, for tests that run or report a few checks. */
public record TestSuites(String name, List<Check> checks) implements Suite {
  public TestSuites {
    checks = List.copyOf(checks);
  }

  /** A {@code full}-profile suite of these checks. */
  public static Suite of(String name, Check... checks) {
    return new TestSuites(name, List.of(checks));
  }

  @Override
  public Profile profile() {
    return Profile.FULL;
  }
}
