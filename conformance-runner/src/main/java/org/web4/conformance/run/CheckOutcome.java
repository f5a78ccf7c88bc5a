package org.web4.conformance.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;

/**
 * What a check concluded: passed, failed (with what was sent, received and expected), skipped or
 * not applicable (with a reason). Errors are exceptions, not outcomes.
 */
public record CheckOutcome(
    Outcome outcome,
    @Nullable String message,
    @Nullable JsonNode request,
    @Nullable JsonNode reply,
    @Nullable JsonNode expected,
    List<Evidence> evidence) {

  public CheckOutcome {
    evidence = List.copyOf(evidence);
  }

  /** This outcome with {@code more} evidence after what it already carries. */
  public CheckOutcome withEvidence(List<Evidence> more) {
    List<Evidence> all = new ArrayList<>(evidence);
    all.addAll(more);
    return new CheckOutcome(outcome, message, request, reply, expected, all);
  }

  public static CheckOutcome passed(@Nullable Exchange exchange, @Nullable JsonNode expected) {
    return new CheckOutcome(
        Outcome.PASSED,
        null,
        exchange == null ? null : exchange.request(),
        exchange == null ? null : exchange.reply(),
        expected,
        List.of());
  }

  public static CheckOutcome failed(
      String message, @Nullable Exchange exchange, @Nullable JsonNode expected) {
    return new CheckOutcome(
        Outcome.FAILED,
        message,
        exchange == null ? null : exchange.request(),
        exchange == null ? null : exchange.reply(),
        expected,
        List.of());
  }

  /**
   * Not applicable, found while the check ran (the plan could not know): the reason, after {@link
   * Needs#REASON_PREFIX}.
   */
  public static CheckOutcome notApplicable(String reason) {
    return new CheckOutcome(
        Outcome.NOT_APPLICABLE, Needs.REASON_PREFIX + reason, null, null, null, List.of());
  }

  public static CheckOutcome skipped(String reason) {
    return new CheckOutcome(Outcome.SKIPPED, reason, null, null, null, List.of());
  }
}
