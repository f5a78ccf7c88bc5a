package org.web4.conformance.model;

/**
 * How one case ended. Four outcomes as Bowtie has them, plus "not applicable to this profile",
 * which is not "skipped" (spec/README.md §2.5).
 */
public enum Outcome {
  /** The implementation did what the requirement says. */
  PASSED("passed"),
  /** The implementation answered, and the answer contradicts the requirement. */
  FAILED("failed"),
  /** The case did not run; the result carries the reason. */
  SKIPPED("skipped"),
  /**
   * The case could not reach a verdict (harness error, timeout, garbled reply); carries a trace.
   */
  ERRORED("errored"),
  /** The case needs a profile other than the one of this run. */
  NOT_APPLICABLE("not_applicable"),
  /**
   * The case failed or errored, and the target's expected-failures file lists it with a reason (the
   * result carries the reason); it does not fail the run.
   */
  EXPECTED_FAILURE("expected_failure");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  /** The spelling used in report.json, junit.xml and on the console. */
  public String label() {
    return label;
  }
}
