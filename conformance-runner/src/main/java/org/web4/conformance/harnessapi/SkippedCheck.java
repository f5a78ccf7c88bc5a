package org.web4.conformance.harnessapi;

import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.ForwardingCheck;

/** A check that this run does not perform, reported as skipped with the reason (e.g. too slow). */
final class SkippedCheck extends ForwardingCheck {
  private final String reason;

  SkippedCheck(Check check, String reason) {
    super(check);
    this.reason = reason;
  }

  @Override
  public CheckOutcome run(CheckContext context) {
    return CheckOutcome.skipped(reason);
  }
}
