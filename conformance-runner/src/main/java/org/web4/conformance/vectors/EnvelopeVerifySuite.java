package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.harness.PrecedingEnvelope;
import org.web4.conformance.harness.Verdict;
import org.web4.conformance.harness.VerifyReply;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * {@code envelope_test} vectors through {@code POST /verify/envelope}: after a {@code /reset}, the
 * receiver processes the preceding envelopes and then the envelope under test at its "now"; a valid
 * vector must be accepted [ENV-ERR-003], an invalid one refused with exactly the expected code, the
 * code of the first failing validation step [ENV-ERR-001].
 */
public final class EnvelopeVerifySuite extends VectorFileSuite {
  public static final String SCHEMA = "vectors/envelope_test.schema.json";

  public EnvelopeVerifySuite(VectorSet.VectorFileEntry file) {
    super(file, Needs.forOperation("verify/envelope"));
  }

  /**
   * A case of a mesh envelope (its requirements name MESH-…) also needs the capability {@code
   * mesh}: an implementation without mesh answers such an envelope UNSUPPORTED_VERSION
   * (spec/mesh.md), so for it the case is not applicable. The capability is looked up by its
   * operation, so this takes effect once the runner knows it.
   */
  @Override
  protected Needs needsOf(JsonNode test) {
    Optional<Capability> mesh = Capability.ofOperation("mesh");
    for (JsonNode r : test.path("requirements")) {
      if (mesh.isPresent() && r.asText().startsWith("MESH-")) {
        return Needs.harness(Capability.VERIFY_ENVELOPE, mesh.get());
      }
    }
    return super.needsOf(test);
  }

  @Override
  protected CheckOutcome check(JsonNode group, JsonNode test, CheckContext context)
      throws Exception {
    List<PrecedingEnvelope> preceding = new ArrayList<>();
    for (JsonNode p : test.path("preceding")) {
      preceding.add(new PrecedingEnvelope(p.path("envelope").asText(), p.path("now").asText()));
    }
    context.harness().reset();
    VerifyReply reply =
        context
            .harness()
            .verifyEnvelope(hex(test.path("envelope")), test.path("now").asText(), preceding);
    Verdict v = reply.verdict();
    ObjectNode expected = JsonNodeFactory.instance.objectNode();
    if (result(test).equals("valid")) {
      expected.put("result", "valid");
      if (!v.valid()) {
        return CheckOutcome.failed(
            "rejected a valid envelope with " + v.errorCode(), reply.exchange(), expected);
      }
      return CheckOutcome.passed(reply.exchange(), expected);
    }
    String code = test.path("error").asText();
    expected.put("result", "invalid");
    expected.putObject("error").put("code", code);
    if (v.valid()) {
      return CheckOutcome.failed(
          "accepted an envelope that must be rejected with " + code, reply.exchange(), expected);
    }
    if (!code.equals(v.errorCode())) {
      return CheckOutcome.failed(
          "rejected with " + v.errorCode() + " instead of " + code, reply.exchange(), expected);
    }
    return CheckOutcome.passed(reply.exchange(), expected);
  }
}
