package org.web4.conformance.model;

/** Where a case comes from. */
public enum CaseKind {
  /** One test of a signed vector file. */
  VECTOR("vector"),
  /** One Gherkin scenario. */
  SCENARIO("scenario"),
  /** One property (generated inputs, reproducible from the run's seed). */
  PROPERTY("property"),
  /**
   * One requirement the wire judge held everything the implementation sent to, over the whole run
   * (the {@code wire-judge} suite).
   */
  JUDGE("judge");

  private final String label;

  CaseKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
