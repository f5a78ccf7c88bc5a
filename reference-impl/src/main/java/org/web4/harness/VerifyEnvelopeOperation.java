package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/** {@code POST /harness/v1/verify/envelope} [HAR-VEN-001] to [HAR-VEN-003]. */
final class VerifyEnvelopeOperation implements Operation {
  private final HarnessBackend backend;

  VerifyEnvelopeOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "verify/envelope";
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String requestSchema() {
    return "harness/verify_envelope.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) throws HarnessException {
    List<HarnessBackend.TimedEnvelope> preceding = new ArrayList<>();
    JsonNode list = request.path("preceding");
    if (!list.isMissingNode() && !list.isArray()) {
      throw HarnessException.badRequest("preceding is not an array");
    }
    for (JsonNode item : list) {
      preceding.add(timed(item));
    }
    return backend
        .verifyEnvelope(preceding, timed(request))
        .map(Responses::invalid)
        .orElseGet(Responses::valid);
  }

  private static HarnessBackend.TimedEnvelope timed(JsonNode item) throws HarnessException {
    return new HarnessBackend.TimedEnvelope(
        Requests.hex(item, "envelope"), Requests.timestamp(item, "now"));
  }
}
