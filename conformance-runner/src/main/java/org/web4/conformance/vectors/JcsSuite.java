package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.web4.conformance.harness.CanonicalizeReply;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * {@code jcs_test} vectors through {@code POST /canonicalize}: a valid input must canonicalize to
 * exactly the expected bytes [ENV-JCS-001..004]; an invalid input must be refused with
 * INVALID_ENVELOPE (spec/envelope.md §5: "also by the harness canonicalize operation").
 */
public final class JcsSuite extends VectorFileSuite {
  public static final String SCHEMA = "vectors/jcs_test.schema.json";

  public JcsSuite(VectorSet.VectorFileEntry file) {
    super(file, Needs.forOperation("canonicalize"));
  }

  @Override
  protected CheckOutcome check(JsonNode group, JsonNode test, CheckContext context)
      throws Exception {
    CanonicalizeReply reply = context.harness().canonicalize(hex(test.path("input")));
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    if (result(test).equals("valid")) {
      expected.put("result", "valid");
      expected.put("output", test.path("expected").asText());
      if (!reply.verdict().valid()) {
        return CheckOutcome.failed(
            "refused a valid input with " + reply.verdict().errorCode(),
            reply.exchange(),
            expected);
      }
      if (!test.path("expected").asText().equals(reply.outputHex())) {
        // issue 16: the reader sees 56.0 against 56, not two hex strings
        Evidence diff =
            Evidences.diff("canonical form", hex(test.path("expected")), outputBytes(reply));
        return CheckOutcome.failed(
                "canonical form differs from the expected bytes", reply.exchange(), expected)
            .withEvidence(diff == null ? List.of() : List.of(diff));
      }
      return CheckOutcome.passed(reply.exchange(), expected);
    }
    expected.put("result", "invalid");
    expected.putObject("error").put("code", "INVALID_ENVELOPE");
    if (reply.verdict().valid()) {
      return CheckOutcome.failed(
          "canonicalized input that is not I-JSON instead of refusing it",
          reply.exchange(),
          expected);
    }
    if (!"INVALID_ENVELOPE".equals(reply.verdict().errorCode())) {
      return CheckOutcome.failed(
          "refused with " + reply.verdict().errorCode() + " instead of INVALID_ENVELOPE",
          reply.exchange(),
          expected);
    }
    return CheckOutcome.passed(reply.exchange(), expected);
  }

  /** The implementation's canonical form; bytes of its text when that is not hex. */
  private static byte[] outputBytes(CanonicalizeReply reply) {
    String out = reply.outputHex();
    if (out == null) {
      return new byte[0];
    }
    try {
      return HEX.parseHex(out);
    } catch (IllegalArgumentException e) {
      return out.getBytes(StandardCharsets.UTF_8);
    }
  }
}
