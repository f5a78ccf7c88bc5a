package org.web4.conformance.spec;

/**
 * One row of spec/README.md §7: a requirement that a run may leave untested, when, and why.
 *
 * @param id the requirement ID
 * @param condition when it may be untested
 * @param reason why, as the spec words it
 */
public record UntestedDeclaration(String id, UntestedCondition condition, String reason) {
  /** {@code without --slow: <reason>}. */
  public String describe() {
    return condition.text() + ": " + reason;
  }
}
