package org.web4.conformance.run;

import java.util.List;
import org.web4.conformance.model.Profile;

/**
 * A named group of checks: one vector file, one feature file, one property class. The runner
 * reports one line of progress per suite and one JUnit {@code testsuite} per suite.
 *
 * <p>To add checks to a run, write a {@link SuiteFactory} that returns suites (see there).
 */
public interface Suite {
  /** A stable name, e.g. {@code jcs/jcs_test.json}. */
  String name();

  /**
   * The profile this suite needs: {@link Profile#FULL} for anything that goes through the harness.
   * In a run of a smaller profile every check is reported not applicable.
   */
  Profile profile();

  /** The checks, in order; listing them must not contact the implementation. */
  List<Check> checks();
}
