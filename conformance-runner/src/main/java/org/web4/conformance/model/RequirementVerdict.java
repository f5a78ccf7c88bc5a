package org.web4.conformance.model;

/** A requirement's verdict in a run (spec/README.md §2.4 and §7). */
public enum RequirementVerdict {
  /** Every covering case that ran passed, and at least one ran. */
  PASSED("passed"),
  /** At least one covering case failed or errored. */
  FAILED("failed"),
  /**
   * No covering case, or some covering cases were skipped and none failed. Fails the run unless
   * spec/README.md §7 declares why it may be untested in this run.
   */
  UNTESTED("untested"),
  /** Every covering case is not applicable to the run's profile; never untested. */
  NOT_APPLICABLE("not_applicable"),
  /** No covering case failed unexpectedly, and at least one is a listed expected failure. */
  EXPECTED_FAILURE("expected_failure"),
  /**
   * It would be untested, and the run's selection ({@code --tags}) left out a check covering it.
   */
  NOT_SELECTED("not_selected");

  private final String label;

  RequirementVerdict(String label) {
    this.label = label;
  }

  /** The spelling used in report.json, junit.xml and on the console. */
  public String label() {
    return label;
  }
}
