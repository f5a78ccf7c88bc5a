package org.web4.conformance.testing;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;

/** Hand-made case results for tests of verdicts. */
public final class CaseResults {
  private CaseResults() {}

  /** A case covering one requirement, with the given outcome and detail (the reason). */
  public static CaseResult of(
      String id, Outcome outcome, @Nullable String detail, String requirement) {
    return new CaseResult(
        id,
        "suite",
        id,
        CaseKind.VECTOR,
        List.of(requirement),
        outcome,
        detail,
        Duration.ZERO,
        null,
        null,
        null,
        null,
        List.of());
  }

  /** A failed case with its message and evidence. */
  public static CaseResult failed(
      String id, String requirement, String message, List<Evidence> evidence) {
    CaseResult c = of(id, Outcome.FAILED, null, requirement);
    return new CaseResult(
        c.id(),
        c.suite(),
        c.title(),
        c.kind(),
        c.requirements(),
        c.outcome(),
        null,
        c.duration(),
        null,
        null,
        null,
        message,
        evidence);
  }
}
