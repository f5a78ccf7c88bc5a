package org.web4.conformance.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** How many cases ended with each outcome. */
public final class Tally {
  private final Map<Outcome, Integer> counts;

  private Tally(Map<Outcome, Integer> counts) {
    this.counts = Collections.unmodifiableMap(counts);
  }

  public static Tally of(List<CaseResult> cases) {
    Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    for (CaseResult c : cases) {
      counts.merge(c.outcome(), 1, Integer::sum);
    }
    return new Tally(counts);
  }

  public int get(Outcome outcome) {
    return counts.getOrDefault(outcome, 0);
  }

  /** Every outcome, zero if none. */
  public Map<Outcome, Integer> asMap() {
    return counts;
  }

  /** True if no case failed or errored. */
  public boolean succeeded() {
    return get(Outcome.FAILED) == 0 && get(Outcome.ERRORED) == 0;
  }

  /** Exactly {@code N passed, N failed, N skipped, N errored, N not applicable}. */
  public String summaryLine() {
    return get(Outcome.PASSED)
        + " passed, "
        + get(Outcome.FAILED)
        + " failed, "
        + get(Outcome.SKIPPED)
        + " skipped, "
        + get(Outcome.ERRORED)
        + " errored, "
        + get(Outcome.NOT_APPLICABLE)
        + " not applicable"
        + (get(Outcome.EXPECTED_FAILURE) == 0
            ? ""
            : ", " + get(Outcome.EXPECTED_FAILURE) + " expected to fail");
  }
}
