package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /harness/v1/sign/raw} [HAR-SIG-001]. */
final class SignRawOperation implements Operation {
  private final HarnessBackend backend;

  SignRawOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "sign/raw";
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String requestSchema() {
    return "harness/sign_raw.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) throws HarnessException {
    HarnessBackend.RawSignature result =
        backend.signRaw(Requests.hex(request, "seed", 32), Requests.hex(request, "msg"));
    ObjectNode out = Responses.object();
    out.put("pk", Responses.hex(result.publicKey()));
    out.put("sig", Responses.hex(result.signature()));
    return out;
  }
}
