package org.web4.conformance.model;

import java.util.List;
import java.util.Map;

/** A finished run: its header, every case, and what the implementation printed meanwhile. */
public record RunResult(RunHeader header, List<CaseResult> cases, CapturedOutput output) {

  public RunResult {
    cases = List.copyOf(cases);
  }

  public Tally tally() {
    return Tally.of(cases);
  }

  /** How many cases ended with each outcome (every outcome present, zero if none). */
  public Map<Outcome, Integer> counts() {
    return tally().asMap();
  }

  /** True if no case failed or errored. */
  public boolean succeeded() {
    return tally().succeeded();
  }

  /**
   * The summary line, exactly {@code N passed, N failed, N skipped, N errored, N not applicable}.
   */
  public String summaryLine() {
    return tally().summaryLine();
  }
}
