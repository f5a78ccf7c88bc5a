package org.web4.conformance.report.earl;

import org.web4.conformance.model.RequirementVerdict;

/**
 * The EARL 1.0 outcome of a requirement's verdict (EARL 1.0 Schema §2.7, the {@code
 * earl:OutcomeValue} instances).
 */
public enum EarlOutcome {
  PASSED("earl:passed"),
  FAILED("earl:failed"),
  CANT_TELL("earl:cantTell"),
  INAPPLICABLE("earl:inapplicable"),
  UNTESTED("earl:untested");

  private final String compactIri;

  EarlOutcome(String compactIri) {
    this.compactIri = compactIri;
  }

  /** The outcome as a compact IRI of the report's context ({@code earl:passed}). */
  public String compactIri() {
    return compactIri;
  }

  /**
   * The outcome of a verdict in report.json's spelling. An expected failure is {@code earl:failed}:
   * the implementation did fail the requirement, the list of known failures only keeps the run
   * going (the assertion's info says it was expected). A verdict this kit does not know is {@code
   * earl:cantTell}.
   */
  public static EarlOutcome of(String verdictLabel) {
    for (RequirementVerdict v : RequirementVerdict.values()) {
      if (v.label().equals(verdictLabel)) {
        return switch (v) {
          case PASSED -> PASSED;
          case FAILED, EXPECTED_FAILURE -> FAILED;
          case NOT_APPLICABLE -> INAPPLICABLE;
          case UNTESTED, NOT_SELECTED -> UNTESTED;
        };
      }
    }
    return CANT_TELL;
  }
}
