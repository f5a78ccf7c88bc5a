package org.web4.conformance.run;

import java.util.List;

/**
 * Contributes suites to a run. Implementations are found with {@link java.util.ServiceLoader}:
 * adding scenarios or properties to the runner is one class implementing this interface plus its
 * name in {@code META-INF/services/org.web4.conformance.run.SuiteFactory}.
 */
public interface SuiteFactory {
  /** The suites this factory contributes, built from the run's environment. */
  List<Suite> suites(SuiteEnvironment environment);
}
