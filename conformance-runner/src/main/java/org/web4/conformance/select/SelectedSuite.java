package org.web4.conformance.select;

import java.util.List;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Suite;

/** A suite with only its selected checks; everything else as the discovered suite says. */
final class SelectedSuite implements Suite {
  private final Suite discovered;
  private final List<Check> checks;

  SelectedSuite(Suite discovered, List<Check> checks) {
    this.discovered = discovered;
    this.checks = List.copyOf(checks);
  }

  @Override
  public String name() {
    return discovered.name();
  }

  @Override
  public Profile profile() {
    return discovered.profile();
  }

  @Override
  public List<Check> checks() {
    return checks;
  }
}
