package org.web4.conformance.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of one case.
 *
 * @param id stable case id, e.g. {@code jcs/jcs_test.json#12}; never a position
 * @param suite the suite the case belongs to
 * @param title a human-readable title (the vector's comment, the scenario's name)
 * @param kind vector, scenario or property
 * @param requirements the requirement IDs the case checks (spec/README.md §2.4)
 * @param outcome how it ended
 * @param detail the reason (skipped, not applicable) or the stack trace (errored); else null
 * @param duration how long the case took
 * @param request what the runner sent (harness request body), if anything
 * @param reply what the implementation answered, if anything (a raw reply that is not JSON is a
 *     JSON string)
 * @param expected what the requirement expects, if the case compares values
 * @param message a one-line explanation of a failure or error
 * @param evidence what the case saw, decoded for a reader (empty when there is nothing more than
 *     the request, reply and expected values)
 */
public record CaseResult(
    String id,
    String suite,
    String title,
    CaseKind kind,
    List<String> requirements,
    Outcome outcome,
    @Nullable String detail,
    Duration duration,
    @Nullable JsonNode request,
    @Nullable JsonNode reply,
    @Nullable JsonNode expected,
    @Nullable String message,
    List<Evidence> evidence) {

  public CaseResult {
    requirements = List.copyOf(requirements);
    evidence = List.copyOf(evidence);
  }
}
