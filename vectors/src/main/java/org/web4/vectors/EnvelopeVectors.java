package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.MessageType;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;

/**
 * {@code envelope/envelope_test.json} (verification: one valid envelope per message type of CIP,
 * HCP and LIP, and invalid ones for every error code and every step of the validation order) and
 * {@code envelope/envelope_sign_test.json} (deterministic signing).
 *
 * <p>Every expectation is checked against the reference validator while generating; a disagreement
 * stops the generator.
 */
final class EnvelopeVectors {
  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * Every envelope is stamped T0; the receiver's clock ("now") is T0 unless a case says otherwise.
   */
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static final AgentKeyPair ALICE = VectorKeys.key("alice");
  static final AgentKeyPair BOB = VectorKeys.key("bob");
  static final AgentKeyPair MALLORY = VectorKeys.key("mallory");

  private int nextMsg = 1;

  private EnvelopeVectors() {}

  static List<VectorFile> build() {
    EnvelopeVectors v = new EnvelopeVectors();
    return List.of(v.verifyFile(), v.signFile());
  }

  // ---------------------------------------------------------------- verification

  private VectorFile verifyFile() {
    VectorFile file =
        new VectorFile(
            "envelope/envelope_test.json",
            "Web4-Envelope",
            "vectors/envelope_test.schema.json",
            List.of(
                "Envelope verification as spec/envelope.md defines it, in its validation order.",
                "envelope is the hex of the bytes received. The receiver's clock reads now. Before the"
                    + " case, the receiver processes each preceding envelope at its own now, in order,"
                    + " with the same replay memory; their outcomes are not part of the case.",
                "A valid case must be accepted. An invalid case must be refused with exactly error.",
                "Keys: the seed of key N is SHA-256(\"web4-kit/vectors/key/\" + N); see keys."));
    file.note("ValidEnvelope", "Functionality", "A well-formed, correctly signed envelope.")
        .note(
            "Formatting",
            "Functionality",
            "The signature covers the canonical form, so member order and whitespace on the wire do not matter.")
        .note("NotIJson", "MalformedInput", "The bytes are not I-JSON.")
        .note("Limit", "EdgeCase", "A size or nesting limit, at or past its boundary.")
        .note("Discriminator", "MalformedInput", "The protocol discriminator or version is wrong.")
        .note("Structure", "MalformedInput", "A missing, extra or ill-typed envelope member.")
        .note(
            "ProtocolBlock",
            "MalformedInput",
            "A protocol's own block (trust, state, source) is wrong.")
        .note(
            "UnknownType", "MalformedInput", "The type is not defined by the envelope's protocol.")
        .note(
            "IdentityBinding",
            "Authentication",
            "The fingerprint is not the SHA-256 of the public key.")
        .note("BadSignature", "Authentication", "The signature does not verify.")
        .note("ClockSkew", "EdgeCase", "The timestamp at or past the accepted skew of 300 s.")
        .note(
            "PayloadSchema", "MalformedInput", "The payload does not conform to its type's schema.")
        .note(
            "Replay", "Authentication", "The msg_id was accepted before, within the replay window.")
        .note(
            "ValidationOrder",
            "Functionality",
            "Several defects at once: the first failing step names the error.");

    ObjectNode group = file.group("EnvelopeVerify");
    ObjectNode receiver = group.putObject("receiver");
    receiver.put("agent_id", "bob");
    receiver.put("fingerprint", BOB.publicKey().fingerprint());
    ArrayNode keys = group.putArray("keys");
    for (String name : List.of("alice", "bob", "mallory")) {
      AgentKeyPair k = VectorKeys.key(name);
      ObjectNode key = keys.addObject();
      key.put("name", name);
      key.put("seed", VectorKeys.seedText(name));
      key.put("seedHex", HEX.formatHex(k.seed()));
      key.put("pubkey", k.publicKey().base64());
      key.put("fingerprint", k.publicKey().fingerprint());
    }

    Cases c = new Cases(file, group);
    validPerType(c);
    formatting(c);
    notIJson(c);
    limits(c);
    discriminator(c);
    structure(c);
    protocolBlocks(c);
    unknownType(c);
    identity(c);
    signatures(c);
    clockSkew(c);
    payloads(c);
    meshPayloads(c);
    replay(c);
    order(c);
    noncharacters(c);
    return file;
  }

  private void validPerType(Cases c) {
    for (MessageType row : MessageTypes.get().all()) {
      Protocol p = row.protocol();
      ObjectNode e = envelope(p, row.type());
      c.valid(
          "valid " + p.member() + " " + row.type(),
          "ValidEnvelope",
          compact(e),
          p == Protocol.MESH // spec/mesh.md §2: no envelope block, so no MESH-ENV requirement
              ? List.of(row.requirement(), "ENV-SIG-001", "ENV-STR-002")
              : List.of(row.requirement(), p.name() + "-ENV-001", "ENV-SIG-001", "ENV-STR-002"));
    }
  }

  private void formatting(Cases c) {
    ObjectNode e = envelope(Protocol.CIP, "INTENT");
    c.valid(
        "pretty-printed with indentation",
        "Formatting",
        PrettyJson.write(e),
        List.of("ENV-SIG-001"));
    c.valid(
        "members in reverse order",
        "Formatting",
        compact(reversed(e)),
        List.of("ENV-SIG-001", "ENV-JCS-002"));
    ObjectNode u =
        envelope(
            Protocol.CIP,
            "STATE_UPDATE",
            x -> x.withObjectProperty("payload").put("intent", "naïve café ☕ \uD83D\uDE00"));
    String text = new String(compact(u), StandardCharsets.UTF_8);
    byte[] escaped =
        text.replace("naïve café ☕ \uD83D\uDE00", "na\\u00efve caf\\u00e9 \\u2615 \\ud83d\\ude00")
            .getBytes(StandardCharsets.UTF_8);
    c.valid(
        "non-ASCII text sent with \\u escapes; the signature covers the literal UTF-8",
        "Formatting",
        escaped,
        List.of("ENV-SIG-001", "ENV-JCS-004"));
    ObjectNode f =
        envelope(
            Protocol.CIP,
            "FACT_CONFIRM",
            x -> x.withObjectProperty("payload").put("confidence", 0.5));
    byte[] numbers =
        new String(compact(f), StandardCharsets.UTF_8)
            .replace("\"confidence\":0.5", "\"confidence\":5.000E-1")
            .getBytes(StandardCharsets.UTF_8);
    c.valid(
        "a number written 5.000E-1 on the wire; the signature covers 0.5",
        "Formatting",
        numbers,
        List.of("ENV-SIG-001", "ENV-JCS-003"));
  }

  private void notIJson(Cases c) {
    byte[] ok = compact(envelope(Protocol.CIP, "HELLO"));
    String text = new String(ok, StandardCharsets.UTF_8);
    c.invalid(
        "truncated JSON",
        "NotIJson",
        java.util.Arrays.copyOf(ok, ok.length - 1),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-005");
    c.invalid(
        "a byte order mark first",
        "NotIJson",
        concat(HEX.parseHex("efbbbf"), ok),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-005");
    c.invalid(
        "trailing content",
        "NotIJson",
        concat(ok, "{}".getBytes(StandardCharsets.UTF_8)),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-005");
    byte[] badUtf8 = ok.clone();
    int at = text.indexOf("\"alice\"") + 1;
    badUtf8[at] = (byte) 0xC0; // "alice" -> 0xC0 'l' 'i' 'c' 'e': C0 is never valid UTF-8
    c.invalid(
        "invalid UTF-8 in sender.agent_id",
        "NotIJson",
        badUtf8,
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-001");
    c.invalid(
        "duplicate member type",
        "NotIJson",
        text.replaceFirst("\"type\":\"HELLO\"", "\"type\":\"HELLO\",\"type\":\"HELLO\"")
            .getBytes(StandardCharsets.UTF_8),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-002");
    c.invalid(
        "lone surrogate in sender.agent_id",
        "NotIJson",
        text.replaceFirst("\"alice\"", "\"alice\\\\ud800\"").getBytes(StandardCharsets.UTF_8),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-003");
    c.invalid(
        "number out of range in state.lri",
        "NotIJson",
        text.replaceFirst("\"lri\":20", "\"lri\":1e400").getBytes(StandardCharsets.UTF_8),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-JSON-004");
    c.invalid(
        "a JSON array, not an object",
        "Structure",
        ("[" + text + "]").getBytes(StandardCharsets.UTF_8),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-STR-002");
  }

  private void limits(Cases c) {
    // depth 32 is parsed; the payload then fails its closed schema, which proves the parser
    // accepted it
    JsonNode deep32 = nest(29); // envelope 1 + payload 1 + 30 nested arrays = 32
    ObjectNode at =
        envelope(
            Protocol.CIP, "STATE_UPDATE", x -> x.withObjectProperty("payload").set("deep", deep32));
    c.invalid(
        "nesting depth exactly 32: parsed, then refused by the payload schema",
        "Limit",
        compact(at),
        ErrorCode.PAYLOAD_SCHEMA,
        "ENV-LIM-002");
    JsonNode deep33 = nest(30);
    ObjectNode past =
        envelope(
            Protocol.CIP, "STATE_UPDATE", x -> x.withObjectProperty("payload").set("deep", deep33));
    c.invalid(
        "nesting depth 33", "Limit", compact(past), ErrorCode.INVALID_ENVELOPE, "ENV-LIM-002");
  }

  private void discriminator(Cases c) {
    c.invalid(
        "no protocol discriminator",
        "Discriminator",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.remove("cip"))),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-STR-001");
    c.invalid(
        "two discriminators, cip and hcp",
        "Discriminator",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("hcp", "1.0"))),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-STR-001");
    c.invalid(
        "version is a number, not a string",
        "Discriminator",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("cip", 1.0))),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-STR-001");
    c.invalid(
        "version 1.0.0 is not of the form major.minor",
        "Discriminator",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("cip", "1.0.0"))),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-STR-001");
    c.invalid(
        "cip version 2.0 is well-formed but not supported",
        "Discriminator",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("cip", "2.0"))),
        ErrorCode.UNSUPPORTED_VERSION,
        "ENV-STR-001");
    c.invalid(
        "lip version 1.1 is well-formed but not supported",
        "Discriminator",
        compact(envelope(Protocol.LIP, "LIP_FETCH", x -> x.put("lip", "1.1"))),
        ErrorCode.UNSUPPORTED_VERSION,
        "ENV-STR-001");
  }

  private void structure(Cases c) {
    structural(c, "msg_id missing", "ENV-STR-002", x -> x.remove("msg_id"));
    structural(c, "an unknown top-level member", "ENV-STR-002", x -> x.put("extra", true));
    structural(c, "payload is an array", "ENV-STR-002", x -> x.putArray("payload"));
    structural(c, "receiver missing", "ENV-STR-002", x -> x.remove("receiver"));
    structural(
        c,
        "sender.pubkey missing",
        "ENV-STR-002",
        x -> x.withObjectProperty("sender").remove("pubkey"));
    structural(
        c,
        "an unknown member in sender",
        "ENV-STR-002",
        x -> x.withObjectProperty("sender").put("name", "Alice"));
    structural(
        c,
        "sender.agent_id starts with a dash",
        "ENV-STR-002",
        x -> x.withObjectProperty("sender").put("agent_id", "-alice"));
    structural(
        c,
        "msg_id in upper case",
        "ENV-MSG-001",
        x -> x.put("msg_id", x.get("msg_id").asText().toUpperCase(java.util.Locale.ROOT)));
    structural(
        c,
        "msg_id is a version 1 UUID",
        "ENV-MSG-001",
        x -> x.put("msg_id", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"));
    structural(
        c,
        "msg_id without dashes",
        "ENV-MSG-001",
        x -> x.put("msg_id", x.get("msg_id").asText().replace("-", "")));
    structural(
        c,
        "timestamp with an offset instead of Z",
        "ENV-TIME-001",
        x -> x.put("timestamp", "2026-01-01T00:00:00+00:00"));
    structural(
        c,
        "timestamp with lower-case t and z",
        "ENV-TIME-001",
        x -> x.put("timestamp", "2026-01-01t00:00:00z"));
    structural(
        c,
        "timestamp on February 30",
        "ENV-TIME-001",
        x -> x.put("timestamp", "2026-02-30T00:00:00Z"));
    structural(
        c,
        "timestamp with a leap second",
        "ENV-TIME-001",
        x -> x.put("timestamp", "2016-12-31T23:59:60Z"));
    structural(
        c,
        "timestamp with 10 fraction digits",
        "ENV-TIME-001",
        x -> x.put("timestamp", "2026-01-01T00:00:00.0000000000Z"));
    structural(
        c,
        "fingerprint in upper-case hex",
        "ENV-ID-001",
        x ->
            x.withObjectProperty("sender")
                .put(
                    "fingerprint",
                    ALICE.publicKey().fingerprint().toUpperCase(java.util.Locale.ROOT)));
    structural(
        c,
        "pubkey base64 without padding",
        "ENV-ID-001",
        x ->
            x.withObjectProperty("sender")
                .put("pubkey", ALICE.publicKey().base64().replace("=", "")));
    structural(
        c,
        "pubkey base64 with non-zero unused bits",
        "ENV-ID-001",
        x ->
            x.withObjectProperty("sender")
                .put("pubkey", nonCanonicalBase64(ALICE.publicKey().base64())));
    structural(
        c,
        "pubkey in base64url",
        "ENV-ID-001",
        x -> x.withObjectProperty("sender").put("pubkey", urlSafeVariant()));
    structural(
        c,
        "sign.algo is not ed25519",
        "ENV-SIG-002",
        x -> x.withObjectProperty("sign").put("algo", "Ed25519"));
    structural(c, "sign missing", "ENV-SIG-002", x -> x.remove("sign"));
    structural(
        c,
        "signature of 63 bytes",
        "ENV-SIG-002",
        x ->
            x.withObjectProperty("sign")
                .put("signature", Base64.getEncoder().encodeToString(new byte[63])));
  }

  private void structural(
      Cases c, String comment, String requirement, Consumer<ObjectNode> mutation) {
    ObjectNode e = envelope(Protocol.CIP, "HELLO");
    mutation.accept(e);
    boolean touchesSign =
        !e.has("sign")
            || !"ed25519".equals(e.path("sign").path("algo").asText())
            || e.path("sign").path("signature").asText().length() != 88;
    ObjectNode sent = touchesSign ? e : EnvelopeBuilder.signed(e, ALICE);
    c.invalid(comment, "Structure", compact(sent), ErrorCode.INVALID_ENVELOPE, requirement);
  }

  private void protocolBlocks(Cases c) {
    c.invalid(
        "CIP state.lri is 101",
        "ProtocolBlock",
        compact(
            envelope(Protocol.CIP, "HELLO", x -> x.withObjectProperty("state").put("lri", 101))),
        ErrorCode.INVALID_ENVELOPE,
        "CIP-ENV-001");
    c.invalid(
        "CIP trust.sender_view restricted is an HCP state",
        "ProtocolBlock",
        compact(
            envelope(
                Protocol.CIP,
                "HELLO",
                x -> x.withObjectProperty("trust").put("sender_view", "restricted"))),
        ErrorCode.INVALID_ENVELOPE,
        "CIP-ENV-001");
    c.invalid(
        "CIP envelope with a source block",
        "ProtocolBlock",
        compact(
            envelope(
                Protocol.CIP,
                "HELLO",
                x ->
                    x.set(
                        "source",
                        SamplePayloads.blocks(Protocol.LIP, "LIP_EVIDENCE").get("source")))),
        ErrorCode.INVALID_ENVELOPE,
        "CIP-ENV-001");
    c.invalid(
        "HCP envelope without state.human",
        "ProtocolBlock",
        compact(envelope(Protocol.HCP, "HCP_INTENT", x -> x.remove("state"))),
        ErrorCode.INVALID_ENVELOPE,
        "HCP-ENV-001");
    c.invalid(
        "HCP state.human.pressure is 101",
        "ProtocolBlock",
        compact(
            envelope(
                Protocol.HCP,
                "HCP_INTENT",
                x ->
                    x.withObjectProperty("state")
                        .withObjectProperty("human")
                        .put("pressure", 101))),
        ErrorCode.INVALID_ENVELOPE,
        "HCP-ENV-001");
    c.invalid(
        "HCP state.human.consent is maybe",
        "ProtocolBlock",
        compact(
            envelope(
                Protocol.HCP,
                "HCP_INTENT",
                x ->
                    x.withObjectProperty("state")
                        .withObjectProperty("human")
                        .put("consent", "maybe"))),
        ErrorCode.INVALID_ENVELOPE,
        "HCP-ENV-001");
    c.invalid(
        "LIP_EVIDENCE without a source block",
        "ProtocolBlock",
        compact(envelope(Protocol.LIP, "LIP_EVIDENCE", x -> x.remove("source"))),
        ErrorCode.INVALID_ENVELOPE,
        "LIP-ENV-001");
    c.invalid(
        "LIP source.trust_tier is trusted",
        "ProtocolBlock",
        compact(
            envelope(
                Protocol.LIP,
                "LIP_EVIDENCE",
                x -> x.withObjectProperty("source").put("trust_tier", "trusted"))),
        ErrorCode.INVALID_ENVELOPE,
        "LIP-ENV-001");
    c.invalid(
        "LIP source.uri is not http(s)",
        "ProtocolBlock",
        compact(
            envelope(
                Protocol.LIP,
                "LIP_EVIDENCE",
                x -> x.withObjectProperty("source").put("uri", "ftp://example.org/x"))),
        ErrorCode.INVALID_ENVELOPE,
        "LIP-ENV-001");
  }

  private void unknownType(Cases c) {
    c.invalid(
        "cip envelope of type TELEPORT",
        "UnknownType",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("type", "TELEPORT"))),
        ErrorCode.UNSUPPORTED_TYPE,
        "ENV-TYPE-001");
    c.invalid(
        "cip envelope of the HCP type HCP_HELLO",
        "UnknownType",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("type", "HCP_HELLO"))),
        ErrorCode.UNSUPPORTED_TYPE,
        "ENV-TYPE-001");
    c.invalid(
        "type in lower case is not well-formed",
        "Structure",
        compact(envelope(Protocol.CIP, "HELLO", x -> x.put("type", "hello"))),
        ErrorCode.INVALID_ENVELOPE,
        "ENV-STR-002");
  }

  private void identity(Cases c) {
    c.invalid(
        "fingerprint of another key (bob's)",
        "IdentityBinding",
        compact(
            envelope(
                Protocol.CIP,
                "HELLO",
                x ->
                    x.withObjectProperty("sender")
                        .put("fingerprint", BOB.publicKey().fingerprint()))),
        ErrorCode.IDENTITY_MISMATCH,
        "ENV-ID-002");
    ObjectNode swapped = envelope(Protocol.CIP, "HELLO");
    swapped.withObjectProperty("sender").put("pubkey", MALLORY.publicKey().base64());
    c.invalid(
        "pubkey replaced by mallory's, fingerprint still alice's, signed by mallory",
        "IdentityBinding",
        compact(EnvelopeBuilder.signed(swapped, MALLORY)),
        ErrorCode.IDENTITY_MISMATCH,
        "ENV-ID-002");
  }

  private void signatures(Cases c) {
    ObjectNode e = envelope(Protocol.CIP, "INTENT");
    ObjectNode tampered = e.deepCopy();
    tampered.withObjectProperty("payload").put("priority", "high");
    c.invalid(
        "payload changed after signing",
        "BadSignature",
        compact(tampered),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-007");

    ObjectNode impostor = envelope(Protocol.CIP, "INTENT");
    impostor.withObjectProperty("sender").put("agent_id", "alice");
    ObjectNode withAliceKey = EnvelopeBuilder.signed(impostor, MALLORY);
    c.invalid(
        "signed by mallory, claiming alice's key",
        "BadSignature",
        compact(withAliceKey),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-007");

    ObjectNode unsigned = e.deepCopy();
    unsigned.remove("sign");
    byte[] pretty = PrettyJson.write(unsigned);
    ObjectNode overPretty = e.deepCopy();
    overPretty
        .withObjectProperty("sign")
        .put("signature", Base64.getEncoder().encodeToString(ALICE.sign(trimNewline(pretty))));
    c.invalid(
        "signature computed over the pretty-printed text, not the canonical form",
        "BadSignature",
        compact(overPretty),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-001");

    ObjectNode withSign = e.deepCopy();
    ObjectNode placeholder = withSign.withObjectProperty("sign");
    placeholder.put("signature", "");
    byte[] includingSign = org.web4.json.JsonCanonicalizer.canonicalize(withSign);
    ObjectNode overSign = e.deepCopy();
    overSign
        .withObjectProperty("sign")
        .put("signature", Base64.getEncoder().encodeToString(ALICE.sign(includingSign)));
    c.invalid(
        "signature computed over the envelope including a sign member with an empty signature",
        "BadSignature",
        compact(overSign),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-001");

    byte[] sig = Base64.getDecoder().decode(e.get("sign").get("signature").asText());
    byte[] malleable = Ed25519Vectors.addL(sig);
    ObjectNode sPlusL = e.deepCopy();
    sPlusL
        .withObjectProperty("sign")
        .put("signature", Base64.getEncoder().encodeToString(malleable));
    c.invalid(
        "S replaced by S + L: the same point equation holds, S is not reduced",
        "BadSignature",
        compact(sPlusL),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-004");

    byte[] flipped = sig.clone();
    flipped[0] ^= 0x01;
    ObjectNode rFlip = e.deepCopy();
    rFlip.withObjectProperty("sign").put("signature", Base64.getEncoder().encodeToString(flipped));
    c.invalid(
        "one bit of R flipped",
        "BadSignature",
        compact(rFlip),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-007");
    byte[] zeros = new byte[64];
    ObjectNode allZero = e.deepCopy();
    allZero.withObjectProperty("sign").put("signature", Base64.getEncoder().encodeToString(zeros));
    c.invalid(
        "all-zero signature (R is a small-order point, S = 0)",
        "BadSignature",
        compact(allZero),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-SIG-006");
  }

  private void clockSkew(Cases c) {
    byte[] e = compact(envelope(Protocol.CIP, "STATE_UPDATE"));
    c.valid(
        "receiver clock 300 s ahead",
        "ClockSkew",
        e,
        T0.plusSeconds(300),
        List.of(),
        List.of("ENV-TIME-002"));
    c.valid(
        "receiver clock 300 s behind",
        "ClockSkew",
        e,
        T0.minusSeconds(300),
        List.of(),
        List.of("ENV-TIME-002"));
    c.invalid(
        "receiver clock 301 s ahead",
        "ClockSkew",
        e,
        T0.plusSeconds(301),
        List.of(),
        ErrorCode.TIMESTAMP,
        "ENV-TIME-002");
    c.invalid(
        "receiver clock 301 s behind",
        "ClockSkew",
        e,
        T0.minusSeconds(301),
        List.of(),
        ErrorCode.TIMESTAMP,
        "ENV-TIME-002");
    c.invalid(
        "receiver clock 300.001 s ahead",
        "ClockSkew",
        e,
        T0.plusMillis(300_001),
        List.of(),
        ErrorCode.TIMESTAMP,
        "ENV-TIME-002");
  }

  private void payloads(Cases c) {
    payload(c, Protocol.CIP, "HELLO", "HELLO without challenge", p -> p.remove("challenge"));
    payload(
        c,
        Protocol.CIP,
        "HELLO",
        "HELLO session_nonce of 16 bytes",
        p -> p.put("session_nonce", Base64.getEncoder().encodeToString(new byte[16])));
    payload(c, Protocol.CIP, "HELLO", "HELLO with an unknown member", p -> p.put("mesh", true));
    payload(
        c,
        Protocol.CIP,
        "VERIFY",
        "VERIFY without challenge_response",
        p -> p.remove("challenge_response"));
    payload(c, Protocol.CIP, "STATE_UPDATE", "STATE_UPDATE lri -1", p -> p.put("lri", -1));
    payload(c, Protocol.CIP, "STATE_UPDATE", "STATE_UPDATE lri 50.5", p -> p.put("lri", 50.5));
    payload(
        c,
        Protocol.CIP,
        "INTENT",
        "INTENT goal not in the enumeration",
        p -> p.put("goal", "chat"));
    payload(
        c,
        Protocol.CIP,
        "INTENT_RESPONSE",
        "INTENT_RESPONSE defer without retry_after_ms",
        p -> p.remove("retry_after_ms"));
    payload(
        c,
        Protocol.CIP,
        "INTENT_RESPONSE",
        "INTENT_RESPONSE accept with retry_after_ms",
        p -> p.put("decision", "accept"));
    payload(
        c,
        Protocol.CIP,
        "FACT_PROPOSE",
        "FACT_PROPOSE confidence 1.5",
        p -> p.withObjectProperty("fact").put("confidence", 1.5));
    payload(
        c,
        Protocol.CIP,
        "FACT_CHALLENGE",
        "FACT_CHALLENGE fact_ref not a UUID",
        p -> p.put("fact_ref", "fact-1"));
    payload(
        c,
        Protocol.CIP,
        "FACT_CONFIRM",
        "FACT_CONFIRM decision reject",
        p -> p.put("decision", "reject"));
    payload(
        c,
        Protocol.CIP,
        "FACT_REJECT",
        "FACT_REJECT without confidence",
        p -> p.remove("confidence"));
    payload(
        c,
        Protocol.CIP,
        "DECISION_SHARE",
        "DECISION_SHARE dmp_trace with no steps",
        p -> p.withObjectProperty("dmp_trace").putArray("steps"));
    payload(
        c,
        Protocol.HCP,
        "HCP_HELLO",
        "HCP_HELLO consent_scope entry without topic: prefix",
        p -> p.putArray("consent_scope").add("work"));
    payload(
        c,
        Protocol.HCP,
        "HCP_INTENT",
        "HCP_INTENT priority urgent",
        p -> p.put("priority", "urgent"));
    payload(
        c, Protocol.HCP, "HCP_CONTEXT", "HCP_CONTEXT without context", p -> p.remove("context"));
    payload(
        c,
        Protocol.HCP,
        "HCP_DECISION",
        "HCP_DECISION without rationale",
        p -> p.remove("rationale"));
    payload(
        c,
        Protocol.HCP,
        "HCP_DECISION",
        "HCP_DECISION with an empty rationale",
        p -> p.put("rationale", ""));
    payload(
        c,
        Protocol.HCP,
        "HCP_DECISION",
        "HCP_DECISION without alternatives",
        p -> p.remove("alternatives"));
    payload(
        c,
        Protocol.HCP,
        "HCP_DECISION",
        "HCP_DECISION with no alternatives",
        p -> p.putArray("alternatives"));
    payload(
        c,
        Protocol.HCP,
        "HCP_FEEDBACK",
        "HCP_FEEDBACK satisfaction 101",
        p -> p.put("satisfaction", 101));
    payload(
        c,
        Protocol.HCP,
        "HCP_STATE_UPDATE",
        "HCP_STATE_UPDATE clarity missing",
        p -> p.remove("clarity"));
    payload(c, Protocol.LIP, "LIP_FETCH", "LIP_FETCH with no sources", p -> p.putArray("sources"));
    payload(
        c, Protocol.LIP, "LIP_EVIDENCE", "LIP_EVIDENCE with no claims", p -> p.putArray("claims"));
    payload(
        c,
        Protocol.LIP,
        "LIP_CONFLICT",
        "LIP_CONFLICT severity critical",
        p -> p.put("severity", "critical"));
    payload(
        c,
        Protocol.LIP,
        "LIP_ACCEPT",
        "LIP_ACCEPT decision reject",
        p -> p.put("decision", "reject"));
    payload(
        c,
        Protocol.LIP,
        "LIP_REJECT",
        "LIP_REJECT without evidence_ref",
        p -> p.remove("evidence_ref"));
  }

  /** spec/mesh.md Tables 3.1–3.4: conforming payloads accepted, the others PAYLOAD_SCHEMA. */
  private void meshPayloads(Cases c) {
    for (MeshPayloadCases.Case m : MeshPayloadCases.all()) {
      if (!m.conforms()) {
        payload(c, Protocol.MESH, m.type(), m.comment(), m.mutation());
        continue;
      }
      ObjectNode e =
          envelope(
              Protocol.MESH, m.type(), x -> m.mutation().accept(x.withObjectProperty("payload")));
      String typeReq = MessageTypes.get().require(Protocol.MESH, m.type()).requirement();
      c.valid(m.comment(), "PayloadSchema", compact(e), List.of("ENV-PAY-001", typeReq));
    }
  }

  private void payload(
      Cases c, Protocol p, String type, String comment, Consumer<ObjectNode> mutation) {
    ObjectNode e = envelope(p, type, x -> mutation.accept(x.withObjectProperty("payload")));
    String typeReq = MessageTypes.get().require(p, type).requirement();
    c.invalid(
        comment,
        "PayloadSchema",
        compact(e),
        T0,
        List.of(),
        ErrorCode.PAYLOAD_SCHEMA,
        "ENV-PAY-001",
        typeReq);
  }

  private void replay(Cases c) {
    byte[] e = compact(envelope(Protocol.CIP, "STATE_UPDATE"));
    c.invalid(
        "the same envelope twice",
        "Replay",
        e,
        T0,
        List.of(pre(e, T0)),
        ErrorCode.REPLAY,
        "ENV-RPL-001");
    c.invalid(
        "the same envelope 600 s after it was accepted (timestamp still within the skew both times)",
        "Replay",
        e,
        T0.plusSeconds(300),
        List.of(pre(e, T0.minusSeconds(300))),
        ErrorCode.REPLAY,
        "ENV-RPL-001");
    byte[] reformatted = PrettyJson.write(PrettyJson.mapper().valueToTree(parse(e)));
    c.invalid(
        "the same envelope re-formatted: replay is by msg_id, not by bytes",
        "Replay",
        reformatted,
        T0,
        List.of(pre(e, T0)),
        ErrorCode.REPLAY,
        "ENV-RPL-001");
    byte[] other = compact(envelope(Protocol.CIP, "STATE_UPDATE"));
    c.valid(
        "a different msg_id after an accepted one",
        "Replay",
        other,
        T0,
        List.of(pre(e, T0)),
        List.of("ENV-RPL-001"));
    ObjectNode broken = (ObjectNode) parse(e);
    broken.withObjectProperty("payload").put("lri", 99);
    c.valid(
        "an envelope refused earlier (bad signature, same msg_id) is not remembered",
        "Replay",
        e,
        T0,
        List.of(pre(compact(broken), T0)),
        List.of("ENV-RPL-001"));
  }

  private void order(Cases c) {
    c.invalid(
        "unknown type and bad signature: UNSUPPORTED_TYPE comes first",
        "ValidationOrder",
        compact(tamper(envelope(Protocol.CIP, "HELLO", x -> x.put("type", "TELEPORT")))),
        ErrorCode.UNSUPPORTED_TYPE,
        "ENV-ERR-001");
    ObjectNode idAndSig = envelope(Protocol.CIP, "HELLO");
    idAndSig.withObjectProperty("sender").put("fingerprint", BOB.publicKey().fingerprint());
    c.invalid(
        "wrong fingerprint and bad signature: IDENTITY_MISMATCH comes first",
        "ValidationOrder",
        compact(tamper(idAndSig)),
        ErrorCode.IDENTITY_MISMATCH,
        "ENV-ERR-001");
    byte[] sigAndTime = compact(tamper(envelope(Protocol.CIP, "HELLO")));
    c.invalid(
        "bad signature and clock skew: SIGNATURE_MISMATCH comes first",
        "ValidationOrder",
        sigAndTime,
        T0.plusSeconds(3600),
        List.of(),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-ERR-001");
    c.invalid(
        "bad payload and bad signature: SIGNATURE_MISMATCH comes first",
        "ValidationOrder",
        compact(
            tamper(
                envelope(
                    Protocol.CIP,
                    "INTENT",
                    x -> x.withObjectProperty("payload").put("goal", "chat")))),
        ErrorCode.SIGNATURE_MISMATCH,
        "ENV-ERR-001");
    c.invalid(
        "clock skew and bad payload: TIMESTAMP comes first",
        "ValidationOrder",
        compact(
            envelope(
                Protocol.CIP, "INTENT", x -> x.withObjectProperty("payload").put("goal", "chat"))),
        T0.plusSeconds(3600),
        List.of(),
        ErrorCode.TIMESTAMP,
        "ENV-ERR-001");
    byte[] replayedBadPayload =
        compact(
            envelope(
                Protocol.CIP, "INTENT", x -> x.withObjectProperty("payload").put("goal", "chat")));
    c.invalid(
        "bad payload sent twice: PAYLOAD_SCHEMA both times, never REPLAY",
        "ValidationOrder",
        replayedBadPayload,
        T0,
        List.of(pre(replayedBadPayload, T0)),
        ErrorCode.PAYLOAD_SCHEMA,
        "ENV-ERR-001");
    c.invalid(
        "version 2.0 and an unknown member: UNSUPPORTED_VERSION comes first",
        "ValidationOrder",
        compact(
            envelope(
                Protocol.CIP,
                "HELLO",
                x -> {
                  x.put("cip", "2.0");
                  x.put("extra", 1);
                })),
        ErrorCode.UNSUPPORTED_VERSION,
        "ENV-ERR-001");
  }

  // ---------------------------------------------------------------- signing

  private VectorFile signFile() {
    VectorFile file =
        new VectorFile(
            "envelope/envelope_sign_test.json",
            "Web4-Envelope-Sign",
            "vectors/envelope_sign_test.schema.json",
            List.of(
                "Deterministic envelope signing: sign the unsigned envelope with the key whose RFC 8032"
                    + " seed is seedHex; the sign member must be exactly sign.",
                "The signature input is the RFC 8785 form of the envelope without sign."));
    file.note(
        "DeterministicSignature",
        "Functionality",
        "RFC 8032 signing is deterministic: one key and one envelope give one signature.");
    ObjectNode group = file.group("EnvelopeSign");
    group.put("seedHex", HEX.formatHex(ALICE.seed()));
    group.put("pubkey", ALICE.publicKey().base64());
    for (Protocol p : Protocol.values()) {
      for (String type : p.types()) {
        ObjectNode signed = envelope(p, type);
        ObjectNode unsigned = signed.deepCopy();
        unsigned.remove("sign");
        ObjectNode fields = VectorFile.fields();
        fields.put("unsigned", HEX.formatHex(PrettyJson.compact(unsigned)));
        fields.put(
            "signatureInput",
            HEX.formatHex(org.web4.json.JsonCanonicalizer.canonicalize(unsigned)));
        fields.set("sign", signed.get("sign"));
        file.test(
            group,
            "sign " + p.member() + " " + type,
            List.of("DeterministicSignature"),
            "valid",
            List.of("ENV-SIG-001", "ENV-SIG-002", "ENV-SIG-003", "ENV-GEN-001"),
            fields);
      }
    }
    return file;
  }

  // ---------------------------------------------------------------- helpers

  /**
   * [ENV-JSON-006] (spec 0.4.0) a noncharacter in a string of an otherwise valid envelope, signed
   * with it: only the I-JSON rule refuses it. Their msg_ids come from their own range (9001 on), so
   * that the msg_ids of the other files stay as they were.
   */
  private void noncharacters(Cases c) {
    c.file.note(
        "Noncharacter",
        "MalformedInput",
        "A Unicode noncharacter (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF) in a string, raw or escaped:"
            + " not I-JSON (since spec 0.4.0).");
    String[][] cases = {
      {"U+FDD0", "\ufdd0", "\\ufdd0"},
      {"U+FFFF", "\uffff", "\\uFFFF"},
      {"U+10FFFF", "\udbff\udfff", "\\udbff\\udfff"},
    };
    int n = 9001;
    for (String[] nc : cases) {
      String intent = "calm " + nc[1] + " focus";
      ObjectNode unsigned =
          EnvelopeBuilder.of(Protocol.CIP, "STATE_UPDATE")
              .msgId(VectorKeys.msgId(n++))
              .timestamp(T0)
              .sender("alice", ALICE)
              .receiver("bob", BOB.publicKey().fingerprint())
              .payload(SamplePayloads.payload("STATE_UPDATE"))
              .unsigned();
      unsigned.withObjectProperty("payload").put("intent", intent);
      byte[] raw = JsonCanonicalizer.canonicalize(EnvelopeBuilder.signed(unsigned, ALICE));
      c.invalid(
          nc[0] + " as UTF-8 in payload.intent, signed with it",
          "Noncharacter",
          raw,
          ErrorCode.INVALID_ENVELOPE,
          "ENV-JSON-006");
      byte[] escaped =
          new String(raw, StandardCharsets.UTF_8)
              .replace(intent, "calm " + nc[2] + " focus")
              .getBytes(StandardCharsets.UTF_8);
      c.invalid(
          nc[0] + " escaped in payload.intent, signed with it",
          "Noncharacter",
          escaped,
          ErrorCode.INVALID_ENVELOPE,
          "ENV-JSON-006");
    }
  }

  private ObjectNode envelope(Protocol p, String type) {
    return envelope(p, type, x -> {});
  }

  /** A signed envelope, mutated (before signing) by {@code change}. */
  private ObjectNode envelope(Protocol p, String type, Consumer<ObjectNode> change) {
    EnvelopeBuilder b =
        EnvelopeBuilder.of(p, type)
            .msgId(VectorKeys.msgId(nextMsg++))
            .timestamp(T0)
            .sender("alice", ALICE)
            .receiver("bob", BOB.publicKey().fingerprint())
            .payload(SamplePayloads.payload(type));
    if (p == Protocol.CIP) {
      b.capabilities("state_exchange", "knowledge_exchange");
    }
    for (Map.Entry<String, JsonNode> block : SamplePayloads.blocks(p, type).entrySet()) {
      b.block(block.getKey(), block.getValue().deepCopy());
    }
    ObjectNode unsigned = b.unsigned();
    change.accept(unsigned);
    return EnvelopeBuilder.signed(unsigned, ALICE);
  }

  /** The envelope with one byte of its signature changed. */
  private static ObjectNode tamper(ObjectNode signed) {
    ObjectNode copy = signed.deepCopy();
    byte[] sig = Base64.getDecoder().decode(copy.get("sign").get("signature").asText());
    sig[10] ^= 0x40;
    copy.withObjectProperty("sign").put("signature", Base64.getEncoder().encodeToString(sig));
    return copy;
  }

  private static ObjectNode reversed(ObjectNode e) {
    List<String> names = new ArrayList<>();
    e.fieldNames().forEachRemaining(names::add);
    ObjectNode out = NODES.objectNode();
    for (int i = names.size() - 1; i >= 0; i--) {
      out.set(names.get(i), e.get(names.get(i)));
    }
    return out;
  }

  private static JsonNode nest(int levels) {
    JsonNode inner = NODES.arrayNode();
    for (int i = 0; i < levels; i++) {
      ArrayNode outer = NODES.arrayNode();
      outer.add(inner);
      inner = outer;
    }
    return inner;
  }

  private static String nonCanonicalBase64(String b64) {
    // the character before '=' carries 2 unused bits; set one of them
    char last = b64.charAt(42);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char changed = alphabet.charAt(alphabet.indexOf(last) | 1);
    return b64.substring(0, 42) + changed + "=";
  }

  /** A key of the vectors whose base64 contains '+' or '/', written in the URL-safe alphabet. */
  private static String urlSafeVariant() {
    for (int i = 0; ; i++) {
      String b64 = VectorKeys.key("urlsafe-" + i).publicKey().base64();
      if (b64.indexOf('+') >= 0 || b64.indexOf('/') >= 0) {
        return b64.replace('+', '-').replace('/', '_');
      }
    }
  }

  private static byte[] trimNewline(byte[] b) {
    return java.util.Arrays.copyOf(b, b.length - 1);
  }

  private static byte[] compact(JsonNode n) {
    return PrettyJson.compact(n);
  }

  private static JsonNode parse(byte[] b) {
    try {
      return PrettyJson.mapper().readTree(b);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static ObjectNode pre(byte[] envelope, Instant now) {
    ObjectNode p = NODES.objectNode();
    p.put("envelope", HEX.formatHex(envelope));
    p.put("now", Timestamps.format(now));
    return p;
  }

  /** Adds cases to the group after checking each against the reference validator. */
  private static final class Cases {
    final VectorFile file;
    private final ObjectNode group;

    Cases(VectorFile file, ObjectNode group) {
      this.file = file;
      this.group = group;
    }

    void valid(String comment, String flag, byte[] envelope, List<String> requirements) {
      valid(comment, flag, envelope, T0, List.of(), requirements);
    }

    void valid(
        String comment,
        String flag,
        byte[] envelope,
        Instant now,
        List<ObjectNode> preceding,
        List<String> requirements) {
      check(comment, envelope, now, preceding, null);
      List<String> all = new ArrayList<>(requirements);
      all.add("ENV-ERR-003"); // "MUST NOT reject ... an envelope that passes all ten steps"
      if (flag.equals("Formatting")) {
        all.add("ENV-SIG-008"); // "MUST NOT reject ... because its text is not in canonical form"
      }
      file.test(
          group, comment, List.of(flag), "valid", all, fields(envelope, now, preceding, null));
    }

    void invalid(
        String comment, String flag, byte[] envelope, ErrorCode code, String... requirements) {
      invalid(comment, flag, envelope, T0, List.of(), code, requirements);
    }

    void invalid(
        String comment,
        String flag,
        byte[] envelope,
        Instant now,
        List<ObjectNode> preceding,
        ErrorCode code,
        String... requirements) {
      check(comment, envelope, now, preceding, code);
      file.test(
          group,
          comment,
          List.of(flag),
          "invalid",
          List.of(requirements),
          fields(envelope, now, preceding, code));
    }

    private static ObjectNode fields(
        byte[] envelope, Instant now, List<ObjectNode> preceding, @Nullable ErrorCode code) {
      ObjectNode f = VectorFile.fields();
      f.put("envelope", HEX.formatHex(envelope));
      f.put("now", Timestamps.format(now));
      if (!preceding.isEmpty()) {
        ArrayNode p = f.putArray("preceding");
        preceding.forEach(p::add);
      }
      if (code != null) {
        f.put("error", code.name());
      }
      return f;
    }

    private static void check(
        String comment,
        byte[] envelope,
        Instant now,
        List<ObjectNode> preceding,
        @Nullable ErrorCode expected) {
      EnvelopeValidator validator = new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache());
      for (ObjectNode p : preceding) {
        try {
          validator.validate(
              HEX.parseHex(p.get("envelope").asText()), Instant.parse(p.get("now").asText()));
        } catch (EnvelopeException ignored) {
          // preceding envelopes may be refused; only their effect on replay memory matters
        }
      }
      @Nullable ErrorCode actual = null;
      String detail = "accepted";
      try {
        validator.validate(envelope, now);
      } catch (EnvelopeException e) {
        actual = e.code();
        detail = e.getMessage();
      }
      if (actual != expected) {
        throw new IllegalStateException(
            "reference disagrees with the vector \""
                + comment
                + "\": expected "
                + (expected == null ? "valid" : expected)
                + ", got "
                + (actual == null ? "valid" : actual)
                + " ("
                + detail
                + ")");
      }
    }
  }
}
