package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.EnvelopeSignReply;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.vectors.PrettyJson;
import org.web4.vectors.VectorKeys;

/** Steps for what an implementation signs (deterministic signing, valid output). */
public final class SignatureSteps {
  private final World world;
  private @Nullable EnvelopeSignReply reply;

  public SignatureSteps(World world) {
    this.world = world;
  }

  @When("the implementation signs {string} with the key {string}")
  public void signs(String name, String key) throws Exception {
    ObjectNode unsigned = world.envelope(name).json().deepCopy();
    unsigned.remove("sign");
    reply = world.harness().signEnvelope(VectorKeys.key(key).seed(), PrettyJson.compact(unsigned));
    world.record(reply.exchange());
  }

  @Then("its sign member equals that of {string} signed by {string}")
  public void deterministic(String name, String key) {
    ObjectNode expected = EnvelopeBuilder.signed(world.envelope(name).json(), VectorKeys.key(key));
    String signature = expected.get("sign").get("signature").asText();
    EnvelopeSignReply r = reply();
    if (!r.verdict().valid() || !"ed25519".equals(r.algo()) || !signature.equals(r.signature())) {
      throw world.failure("sign {\"algo\":\"ed25519\",\"signature\":\"" + signature + "\"}");
    }
  }

  @Then("the signed envelope is accepted by the reference")
  public void acceptedByTheReference() {
    EnvelopeSignReply r = reply();
    String envelopeHex = r.envelopeHex();
    if (!r.verdict().valid() || envelopeHex == null) {
      throw world.failure("a signed envelope");
    }
    byte[] envelope = java.util.HexFormat.of().parseHex(envelopeHex);
    try {
      EnvelopeValidator.create().validate(envelope, world.clock());
    } catch (EnvelopeException e) {
      throw world.failure(
          "an envelope the reference accepts; the reference says "
              + e.code()
              + ": "
              + e.getMessage());
    }
  }

  private EnvelopeSignReply reply() {
    EnvelopeSignReply r = reply;
    if (r == null) {
      throw new IllegalStateException("no sign request yet");
    }
    return r;
  }
}
