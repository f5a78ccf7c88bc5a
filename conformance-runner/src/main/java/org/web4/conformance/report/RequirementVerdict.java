package org.web4.conformance.report;

/** A requirement's verdict in the requirement matrix. */
public enum RequirementVerdict {
  /** Every covering case that ran passed, and at least one ran. */
  PASSED("passed"),
  /** At least one covering case failed or errored. */
  FAILED("failed"),
  /** No covering case, or some covering cases were skipped and none failed. */
  UNTESTED("untested"),
  /** Every covering case is not applicable to the run's profile. */
  NOT_APPLICABLE("not_applicable"),
  /** No covering case failed unexpectedly, and at least one is a listed expected failure. */
  EXPECTED_FAILURE("expected_failure");

  private final String label;

  RequirementVerdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
