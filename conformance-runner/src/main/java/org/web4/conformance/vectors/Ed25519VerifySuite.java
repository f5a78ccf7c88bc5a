package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.web4.conformance.harness.VerifyReply;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * {@code ed25519_verify_test} vectors through {@code POST /verify/raw}: the verdict must be the one
 * the pinned criteria give [ENV-SIG-004..007]. An {@code acceptable} vector passes either way.
 */
public final class Ed25519VerifySuite extends VectorFileSuite {
  public static final String SCHEMA = "vectors/ed25519_verify_test.schema.json";

  public Ed25519VerifySuite(VectorSet.VectorFileEntry file) {
    super(file, Needs.forOperation("verify/raw"));
  }

  @Override
  protected CheckOutcome check(JsonNode group, JsonNode test, CheckContext context)
      throws Exception {
    VerifyReply reply =
        context
            .harness()
            .verifyRaw(
                hex(group.path("publicKey").path("pk")),
                hex(test.path("msg")),
                hex(test.path("sig")));
    String want = result(test);
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    expected.put("result", want);
    if (want.equals("acceptable")) {
      return CheckOutcome.passed(reply.exchange(), expected);
    }
    boolean valid = reply.verdict().valid();
    if (valid != want.equals("valid")) {
      return CheckOutcome.failed(
          valid ? "accepted a signature the pinned criteria reject" : "rejected a valid signature",
          reply.exchange(),
          expected);
    }
    return CheckOutcome.passed(reply.exchange(), expected);
  }
}
