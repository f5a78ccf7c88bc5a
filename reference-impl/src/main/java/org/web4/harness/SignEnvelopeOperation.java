package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code POST /harness/v1/sign/envelope} [HAR-SIG-002], [HAR-SIG-003]. */
final class SignEnvelopeOperation implements Operation {
  private final HarnessBackend backend;

  SignEnvelopeOperation(HarnessBackend backend) {
    this.backend = backend;
  }

  @Override
  public String path() {
    return "sign/envelope";
  }

  @Override
  public String method() {
    return "POST";
  }

  @Override
  public String requestSchema() {
    return "harness/sign_envelope.request.schema.json";
  }

  @Override
  public ObjectNode handle(JsonNode request) throws HarnessException {
    Verdict<HarnessBackend.SignedEnvelope> verdict =
        backend.signEnvelope(Requests.hex(request, "seed", 32), Requests.hex(request, "unsigned"));
    if (verdict instanceof Verdict.Valid<HarnessBackend.SignedEnvelope> valid) {
      ObjectNode out = Responses.valid();
      out.put("envelope", Responses.hex(valid.value().envelope()));
      ObjectNode sign = out.putObject("sign");
      sign.put("algo", "ed25519");
      sign.put("signature", valid.value().signature());
      return out;
    }
    return Responses.invalid(
        ((Verdict.Invalid<HarnessBackend.SignedEnvelope>) verdict).rejection());
  }
}
