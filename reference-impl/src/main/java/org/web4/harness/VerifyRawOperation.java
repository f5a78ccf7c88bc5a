package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /harness/v1/verify/raw} [HAR-VRF-001]. */
final class VerifyRawOperation implements Operation {
  private final HarnessBackend backend;

  VerifyRawOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "verify/raw";
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String requestSchema() {
    return "harness/verify_raw.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) throws HarnessException {
    return backend
        .verifyRaw(
            Requests.hex(request, "pk"), Requests.hex(request, "msg"), Requests.hex(request, "sig"))
        .map(Responses::invalid)
        .orElseGet(Responses::valid);
  }
}
