package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /harness/v1/reset} [HAR-RST-001]. */
final class ResetOperation implements Operation {
  private final HarnessBackend backend;

  ResetOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "reset";
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String requestSchema() {
    return "harness/reset.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) {
    backend.reset();
    ObjectNode out = Responses.object();
    out.put("reset", true);
    return out;
  }
}
