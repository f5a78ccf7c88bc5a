package org.web4.conformance.harnessapi;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/** A check that this run does not perform, reported as skipped with the reason (e.g. too slow). */
final class SkippedCheck implements Check {
  private final Check check;
  private final String reason;

  SkippedCheck(Check check, String reason) {
    this.check = check;
    this.reason = reason;
  }

  @Override
  public String id() {
    return check.id();
  }

  @Override
  public String title() {
    return check.title();
  }

  @Override
  public CaseKind kind() {
    return check.kind();
  }

  @Override
  public List<String> requirements() {
    return check.requirements();
  }

  @Override
  public @Nullable Needs needs() {
    return check.needs();
  }

  @Override
  public CheckOutcome run(CheckContext context) {
    return CheckOutcome.skipped(reason);
  }
}
