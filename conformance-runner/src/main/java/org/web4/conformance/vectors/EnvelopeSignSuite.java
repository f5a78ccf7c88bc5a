package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.harness.EnvelopeSignReply;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * {@code envelope_sign_test} vectors through {@code POST /sign/envelope}: signing the unsigned
 * envelope with the group's seed must give exactly the expected {@code sign} member
 * [ENV-SIG-001..003].
 */
public final class EnvelopeSignSuite extends VectorFileSuite {
  public static final String SCHEMA = "vectors/envelope_sign_test.schema.json";
  private static final ObjectMapper JSON = new ObjectMapper();

  public EnvelopeSignSuite(VectorSet.VectorFileEntry file) {
    super(file, Needs.forOperation("sign/envelope"));
  }

  /**
   * A mesh envelope to sign (its top level has the {@code mesh} discriminator) also needs the
   * capability {@code mesh}: an implementation without the mesh refuses it (spec/mesh.md), so for
   * it the case is not applicable.
   */
  @Override
  protected Needs needsOf(JsonNode test) {
    Optional<Capability> mesh = Capability.ofOperation("mesh");
    if (mesh.isPresent() && isMeshEnvelope(hex(test.path("unsigned")))) {
      return Needs.harness(Capability.SIGN_ENVELOPE, mesh.get());
    }
    return super.needsOf(test);
  }

  private static boolean isMeshEnvelope(byte[] unsigned) {
    try {
      return JSON.readTree(unsigned).has("mesh");
    } catch (IOException notJson) {
      return false; // a case of text that is not JSON needs no protocol
    }
  }

  @Override
  protected CheckOutcome check(JsonNode group, JsonNode test, CheckContext context)
      throws Exception {
    EnvelopeSignReply reply =
        context.harness().signEnvelope(hex(group.path("seedHex")), hex(test.path("unsigned")));
    JsonNode sign = test.path("sign");
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.put("result", result(test));
    if (!result(test).equals("valid")) {
      expected.putObject("error");
      if (reply.verdict().valid()) {
        return CheckOutcome.failed(
            "signed an input that must be refused", reply.exchange(), expected);
      }
      return CheckOutcome.passed(reply.exchange(), expected);
    }
    expected.set("sign", sign);
    if (!reply.verdict().valid()) {
      return CheckOutcome.failed(
          "refused to sign with " + reply.verdict().errorCode(), reply.exchange(), expected);
    }
    if (!sign.path("algo").asText().equals(reply.algo())) {
      return CheckOutcome.failed(
          "sign.algo is " + reply.algo() + ", not " + sign.path("algo").asText(),
          reply.exchange(),
          expected);
    }
    if (!sign.path("signature").asText().equals(reply.signature())) {
      return CheckOutcome.failed(
          "sign.signature differs from the deterministic signature of the RFC 8785 input",
          reply.exchange(),
          expected);
    }
    return CheckOutcome.passed(reply.exchange(), expected);
  }
}
