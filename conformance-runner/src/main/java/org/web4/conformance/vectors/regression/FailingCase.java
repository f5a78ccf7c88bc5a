package org.web4.conformance.vectors.regression;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.web4.cli.CommandErrors.InputException;

/**
 * A case of a report.json that failed with a harness exchange: what a regression vector is made
 * from. For a property, the report's exchange is the shrunk counterexample's (the falsifying one).
 *
 * @param id the case id, e.g. {@code properties/canonical-form-agrees}
 * @param title the case's title
 * @param requirements the requirement IDs it checks
 * @param request the harness request body the implementation got wrong
 * @param provenance where it comes from, for the vector's comment: target, implementation, seed
 */
public record FailingCase(
    String id, String title, List<String> requirements, ObjectNode request, String provenance) {
  private static final Set<String> FAILING = Set.of("failed", "expected_failure");

  public FailingCase {
    requirements = List.copyOf(requirements);
  }

  /** The case {@code id} of {@code report}; a case that is missing or did not fail is refused. */
  public static FailingCase of(JsonNode report, String id) throws InputException {
    JsonNode found = null;
    for (JsonNode c : report.path("cases")) {
      if (c.path("id").asText().equals(id)) {
        found = c;
        break;
      }
    }
    if (found == null) {
      throw new InputException("CASE: the report has no case " + id);
    }
    String outcome = found.path("outcome").asText();
    if (!FAILING.contains(outcome)) {
      throw new InputException(
          "CASE: " + id + " is " + outcome + "; only a failed case becomes a regression vector");
    }
    if (!(found.path("request") instanceof ObjectNode request)) {
      throw new InputException(
          "CASE: " + id + " has no harness request in the report: nothing to replay as a vector");
    }
    List<String> requirements = new ArrayList<>();
    found.path("requirements").forEach(r -> requirements.add(r.asText()));
    if (requirements.isEmpty()) {
      throw new InputException("CASE: " + id + " names no requirement; a vector must name one");
    }
    return new FailingCase(
        id, found.path("title").asText(id), requirements, request, provenance(report, id));
  }

  private static String provenance(JsonNode report, String id) {
    JsonNode header = report.path("header");
    JsonNode impl = header.path("implementation");
    String implementation =
        impl.has("name")
            ? impl.path("name").asText() + " " + impl.path("version").asText("")
            : header.path("target").asText();
    return "regression: case "
        + id
        + " failed against "
        + implementation.strip()
        + " (seed "
        + header.path("seed").asText()
        + ", kit "
        + header.path("kit_version").asText()
        + ")";
  }
}
