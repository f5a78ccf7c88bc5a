package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.web4.conformance.harness.RawSignReply;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * {@code ed25519_sign_test} vectors through {@code POST /sign/raw}: deterministic RFC 8032 signing
 * must give exactly the expected public key and signature bytes [ENV-SIG-003].
 */
public final class Ed25519SignSuite extends VectorFileSuite {
  public static final String SCHEMA = "vectors/ed25519_sign_test.schema.json";

  public Ed25519SignSuite(VectorSet.VectorFileEntry file) {
    super(file, Needs.forOperation("sign/raw"));
  }

  @Override
  protected CheckOutcome check(JsonNode group, JsonNode test, CheckContext context)
      throws Exception {
    RawSignReply reply = context.harness().signRaw(hex(group.path("sk")), hex(test.path("msg")));
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.put("pk", group.path("pk").asText());
    expected.put("sig", test.path("sig").asText());
    if (!group.path("pk").asText().equals(reply.publicKeyHex())) {
      return CheckOutcome.failed(
          "public key of the seed differs from RFC 8032", reply.exchange(), expected);
    }
    if (!test.path("sig").asText().equals(reply.signatureHex())) {
      return CheckOutcome.failed(
          "signature differs from the deterministic RFC 8032 signature",
          reply.exchange(),
          expected);
    }
    return CheckOutcome.passed(reply.exchange(), expected);
  }
}
