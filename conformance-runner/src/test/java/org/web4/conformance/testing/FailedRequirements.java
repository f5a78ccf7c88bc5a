package org.web4.conformance.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;

/** The requirement IDs of a run's failed cases, after checking that no case errored. */
public final class FailedRequirements {
  private FailedRequirements() {}

  public static Set<String> of(List<CaseResult> results) {
    Set<String> failed = new TreeSet<>();
    for (CaseResult c : results) {
      assertThat(c.outcome()).as("%s %s", c.id(), c.message()).isNotEqualTo(Outcome.ERRORED);
      if (c.outcome() == Outcome.FAILED) {
        failed.addAll(c.requirements());
      }
    }
    return failed;
  }
}
