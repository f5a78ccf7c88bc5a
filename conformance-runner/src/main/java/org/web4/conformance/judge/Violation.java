package org.web4.conformance.judge;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One thing the implementation sent that breaks a judged requirement.
 *
 * @param requirement what it breaks
 * @param checkId the check (scenario) during which the connection was opened
 * @param connection the tester connection it came on ({@code tester#0 (tester dialled)})
 * @param problem what is wrong, in a sentence
 * @param evidence the offending bytes, decoded
 */
public record Violation(
    JudgedRequirement requirement,
    String checkId,
    String connection,
    String problem,
    Evidence evidence) {

  /** A few lines for the report: where, what is wrong, the bytes. */
  public String describe() {
    return checkId + ", " + connection + ": " + problem + "\n    " + evidence.describe();
  }

  public ObjectNode toJson() {
    ObjectNode o = evidence.toJson();
    o.put("scenario", checkId);
    o.put("connection", connection);
    o.put("problem", problem);
    return o;
  }
}
