package org.web4.conformance.harnessapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Needs;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;
import org.web4.vectors.PrettyJson;
import org.web4.vectors.SamplePayloads;
import org.web4.vectors.VectorKeys;

/**
 * The semantics of the harness's library operations (spec/harness.md §4): canonicalize, sign and
 * verify — raw and envelope — answer what the spec says, a verdict about the data is a 200, and
 * reset answers. The vectors check each operation case by case; these check the operation's
 * contract once each.
 */
final class HarnessOperationChecks {
  private static final HexFormat HEX = HexFormat.of();
  private static final Instant CLOCK = Instant.parse("2026-06-01T12:00:00Z");

  private HarnessOperationChecks() {}

  static List<Check> checks() {
    List<Check> c = new ArrayList<>();
    c.add(
        new ApiCheck(
            "verdicts-are-200",
            "a verdict about the data is 200 result invalid, never a 4xx",
            List.of("HAR-API-004", "HAR-VRF-001"),
            Needs.harness(Capability.VERIFY_RAW),
            h -> {
              RawHarness.Reply r =
                  h.call(
                      "POST",
                      "verify/raw",
                      "{\"pk\":\""
                          + "00".repeat(31)
                          + "\",\"msg\":\"\",\"sig\":\""
                          + "00".repeat(64)
                          + "\"}");
              JsonNode v = Expect.reply(r, 200, "verify_raw.response.schema.json");
              Expect.that(v.path("result").asText().equals("invalid"), "result invalid", r);
            }));
    c.add(
        new ApiCheck(
            "canonicalize-valid",
            "canonicalize answers the RFC 8785 form of valid input",
            List.of("HAR-JCS-001"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              RawHarness.Reply ok =
                  h.call(
                      "POST",
                      "canonicalize",
                      "{\"input\":\"" + HEX.formatHex(utf8("{\"b\":1.0,\"a\":[1E2]}")) + "\"}");
              JsonNode v = Expect.reply(ok, 200, "canonicalize.response.schema.json");
              Expect.that(
                  v.path("output").asText().equals(HEX.formatHex(utf8("{\"a\":[100],\"b\":1}"))),
                  "output {\"a\":[100],\"b\":1}",
                  ok);
            }));
    c.add(
        new ApiCheck(
            "canonicalize-invalid",
            "canonicalize answers INVALID_ENVELOPE for input that is not JSON",
            List.of("HAR-JCS-002"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              RawHarness.Reply bad =
                  h.call(
                      "POST",
                      "canonicalize",
                      "{\"input\":\"" + HEX.formatHex(utf8("{\"a\":")) + "\"}");
              JsonNode w = Expect.reply(bad, 200, "canonicalize.response.schema.json");
              Expect.that(
                  w.path("error").path("code").asText().equals("INVALID_ENVELOPE"),
                  "INVALID_ENVELOPE",
                  bad);
            }));
    c.add(
        new ApiCheck(
            "raw-signatures",
            "sign/raw is RFC 8032 (TEST 1) and verify/raw applies the pinned criteria",
            List.of("HAR-SIG-001", "HAR-VRF-001"),
            Needs.harness(Capability.SIGN_RAW, Capability.VERIFY_RAW),
            h -> {
              String seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
              String sig =
                  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
              RawHarness.Reply r =
                  h.call("POST", "sign/raw", "{\"seed\":\"" + seed + "\",\"msg\":\"\"}");
              JsonNode s = Expect.reply(r, 200, "sign_raw.response.schema.json");
              Expect.that(
                  s.path("pk")
                      .asText()
                      .equals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                  "the RFC 8032 public key",
                  r);
              Expect.that(s.path("sig").asText().equals(sig), "the RFC 8032 signature", r);
              String pk = s.path("pk").asText();
              RawHarness.Reply ok =
                  h.call(
                      "POST",
                      "verify/raw",
                      "{\"pk\":\"" + pk + "\",\"msg\":\"\",\"sig\":\"" + sig + "\"}");
              Expect.that(
                  Expect.reply(ok, 200, "verify_raw.response.schema.json")
                      .path("result")
                      .asText()
                      .equals("valid"),
                  "valid",
                  ok);
              String flipped = sig.substring(0, 127) + (sig.charAt(127) == '0' ? '1' : '0');
              RawHarness.Reply no =
                  h.call(
                      "POST",
                      "verify/raw",
                      "{\"pk\":\"" + pk + "\",\"msg\":\"\",\"sig\":\"" + flipped + "\"}");
              JsonNode n = Expect.reply(no, 200, "verify_raw.response.schema.json");
              Expect.that(
                  n.path("error").path("code").asText().equals("SIGNATURE_MISMATCH"),
                  "SIGNATURE_MISMATCH",
                  no);
            }));
    c.add(
        new ApiCheck(
            "sign-envelope",
            "sign/envelope replaces sign, signs what it is given, refuses what is not an object",
            List.of("HAR-SIG-002", "HAR-SIG-003"),
            Needs.harness(Capability.SIGN_ENVELOPE),
            h -> {
              AgentKeyPair alice = VectorKeys.key("alice");
              ObjectNode broken = envelope();
              broken.remove("msg_id");
              broken.putObject("sign").put("algo", "none");
              RawHarness.Reply r =
                  h.call("POST", "sign/envelope", signRequest(alice, PrettyJson.compact(broken)));
              JsonNode s = Expect.reply(r, 200, "sign_envelope.response.schema.json");
              Expect.that(
                  s.path("result").asText().equals("valid"),
                  "a broken envelope is signed without further checks",
                  r);
              byte[] sig = Base64.getDecoder().decode(s.path("sign").path("signature").asText());
              byte[] input = JsonCanonicalizer.canonicalizeWithout(broken, "sign");
              Expect.that(
                  Ed25519Verifier.isValid(alice.publicKey().raw(), input, sig),
                  "a signature over the canonical form without sign",
                  r);
              RawHarness.Reply no =
                  h.call("POST", "sign/envelope", signRequest(alice, utf8("[1,2]")));
              JsonNode n = Expect.reply(no, 200, "sign_envelope.response.schema.json");
              Expect.that(
                  n.path("error").path("code").asText().equals("INVALID_ENVELOPE"),
                  "INVALID_ENVELOPE for a non-object",
                  no);
            }));
    c.add(
        new ApiCheck(
            "verify-envelope-verdicts",
            "verify/envelope answers valid, or invalid with the code",
            List.of("HAR-VEN-001"),
            Needs.harness(Capability.VERIFY_ENVELOPE),
            h -> {
              RawHarness.Reply ok =
                  h.call("POST", "verify/envelope", verifyRequest(signedEnvelope(), false));
              Expect.that(
                  Expect.reply(ok, 200, "verify_envelope.response.schema.json")
                      .path("result")
                      .asText()
                      .equals("valid"),
                  "valid",
                  ok);
              ObjectNode noId = envelope();
              noId.remove("msg_id");
              String broken =
                  HEX.formatHex(
                      PrettyJson.compact(EnvelopeBuilder.signed(noId, VectorKeys.key("alice"))));
              RawHarness.Reply no = h.call("POST", "verify/envelope", verifyRequest(broken, false));
              JsonNode v = Expect.reply(no, 200, "verify_envelope.response.schema.json");
              Expect.that(
                  v.path("error").path("code").asText().equals("INVALID_ENVELOPE"),
                  "INVALID_ENVELOPE without msg_id",
                  no);
            }));
    c.add(
        new ApiCheck(
            "verify-envelope-preceding",
            "verify/envelope validates the preceding envelopes first, with the same replay memory",
            List.of("HAR-VEN-002"),
            Needs.harness(Capability.VERIFY_ENVELOPE),
            h -> {
              RawHarness.Reply rep =
                  h.call("POST", "verify/envelope", verifyRequest(signedEnvelope(), true));
              JsonNode v = Expect.reply(rep, 200, "verify_envelope.response.schema.json");
              Expect.that(
                  v.path("error").path("code").asText().equals("REPLAY"),
                  "REPLAY after the same envelope in preceding",
                  rep);
            }));
    c.add(
        new ApiCheck(
            "verify-envelope-stateless",
            "verify/envelope changes nothing: the same request gets the same answer",
            List.of("HAR-VEN-003"),
            Needs.harness(Capability.VERIFY_ENVELOPE),
            h -> {
              String e = signedEnvelope();
              h.call("POST", "verify/envelope", verifyRequest(e, true));
              for (int i = 0; i < 2; i++) {
                RawHarness.Reply ok = h.call("POST", "verify/envelope", verifyRequest(e, false));
                Expect.that(
                    Expect.reply(ok, 200, "verify_envelope.response.schema.json")
                        .path("result")
                        .asText()
                        .equals("valid"),
                    "valid every time",
                    ok);
              }
            }));
    c.add(
        new ApiCheck(
            "reset",
            "reset answers {\"reset\":true}",
            List.of("HAR-RST-001"),
            Needs.harness(),
            h -> {
              RawHarness.Reply r = h.call("POST", "reset", "{}");
              Expect.that(
                  Expect.reply(r, 200, "reset.response.schema.json").path("reset").asBoolean(false),
                  "reset true",
                  r);
            }));
    return c;
  }

  private static ObjectNode envelope() {
    EnvelopeBuilder b =
        EnvelopeBuilder.of(Protocol.CIP, "INTENT")
            .msgId(VectorKeys.msgId(424242))
            .timestamp(CLOCK)
            .sender("alice", VectorKeys.key("alice"))
            .receiver("bob", VectorKeys.key("bob").publicKey().fingerprint())
            .payload(SamplePayloads.payload("INTENT"));
    return b.unsigned();
  }

  private static String signedEnvelope() {
    return HEX.formatHex(
        PrettyJson.compact(EnvelopeBuilder.signed(envelope(), VectorKeys.key("alice"))));
  }

  private static String verifyRequest(String envelopeHex, boolean itselfPreceding) {
    String now = Timestamps.format(CLOCK);
    String preceding =
        itselfPreceding
            ? ",\"preceding\":[{\"envelope\":\"" + envelopeHex + "\",\"now\":\"" + now + "\"}]"
            : "";
    return "{\"envelope\":\"" + envelopeHex + "\",\"now\":\"" + now + "\"" + preceding + "}";
  }

  private static String signRequest(AgentKeyPair key, byte[] unsigned) {
    return "{\"seed\":\""
        + HEX.formatHex(key.seed())
        + "\",\"unsigned\":\""
        + HEX.formatHex(unsigned)
        + "\"}";
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
