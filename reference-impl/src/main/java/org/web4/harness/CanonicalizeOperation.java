package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /harness/v1/canonicalize} [HAR-JCS-001], [HAR-JCS-002]. */
final class CanonicalizeOperation implements Operation {
  private final HarnessBackend backend;

  CanonicalizeOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "canonicalize";
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String requestSchema() {
    return "harness/canonicalize.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) throws HarnessException {
    Verdict<byte[]> verdict = backend.canonicalize(Requests.hex(request, "input"));
    if (verdict instanceof Verdict.Valid<byte[]> valid) {
      ObjectNode out = Responses.valid();
      out.put("output", Responses.hex(valid.value()));
      return out;
    }
    return Responses.invalid(((Verdict.Invalid<byte[]>) verdict).rejection());
  }
}
