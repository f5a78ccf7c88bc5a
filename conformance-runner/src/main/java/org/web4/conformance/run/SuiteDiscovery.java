package org.web4.conformance.run;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** Finds every {@link SuiteFactory} on the class path and collects their suites. */
public final class SuiteDiscovery {
  private SuiteDiscovery() {}

  /** All suites, factories ordered by class name so that runs list suites in a stable order. */
  public static List<Suite> discover(SuiteEnvironment environment) {
    List<SuiteFactory> factories = new ArrayList<>();
    ServiceLoader.load(SuiteFactory.class, SuiteDiscovery.class.getClassLoader())
        .forEach(factories::add);
    factories.sort(Comparator.comparing(f -> f.getClass().getName()));
    List<Suite> suites = new ArrayList<>();
    for (SuiteFactory f : factories) {
      suites.addAll(f.suites(environment));
    }
    return suites;
  }
}
