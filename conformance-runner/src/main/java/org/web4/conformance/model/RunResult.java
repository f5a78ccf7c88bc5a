package org.web4.conformance.model;

import java.util.List;
import java.util.Map;

/**
 * A finished run: its header, every case, what the implementation printed meanwhile, the entries of
 * its expected-failures file that no longer fail, every requirement's verdict with the coverage
 * gate's conclusion, and whether the implementation conforms to each profile the run covers.
 */
public record RunResult(
    RunHeader header,
    List<CaseResult> cases,
    CapturedOutput output,
    List<StaleExpectation> staleExpectations,
    RequirementCoverage coverage,
    List<ProfileResult> profiles) {

  /** An expected-failures entry whose cases ran and passed: the file must be updated. */
  public record StaleExpectation(String id, String reason) {}

  public RunResult {
    cases = List.copyOf(cases);
    staleExpectations = List.copyOf(staleExpectations);
    profiles = List.copyOf(profiles);
  }

  /** A result without per-profile verdicts. */
  public RunResult(
      RunHeader header,
      List<CaseResult> cases,
      CapturedOutput output,
      List<StaleExpectation> staleExpectations,
      RequirementCoverage coverage) {
    this(header, cases, output, staleExpectations, coverage, List.of());
  }

  public Tally tally() {
    return Tally.of(cases);
  }

  /** How many cases ended with each outcome (every outcome present, zero if none). */
  public Map<Outcome, Integer> counts() {
    return tally().asMap();
  }

  /**
   * True if no case failed or errored unexpectedly, no expected failure went stale, no requirement
   * is untested without a declared reason (the coverage gate), and the implementation does not fall
   * short of the run's profile (decision 6 of issue 15: exit 0 means it conforms).
   */
  public boolean succeeded() {
    return tally().succeeded()
        && staleExpectations.isEmpty()
        && coverage.passed()
        && profiles.stream().noneMatch(p -> p.profile() == header.profile() && p.failsTheRun());
  }

  /**
   * The summary line, exactly {@code N passed, N failed, N skipped, N errored, N not applicable}.
   */
  public String summaryLine() {
    return tally().summaryLine();
  }
}
