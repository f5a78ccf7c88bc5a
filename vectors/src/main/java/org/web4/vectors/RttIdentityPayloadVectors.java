package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.web4.crypto.AgentKeyPair;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.Curve25519KeyPair;

/**
 * {@code rtt/rtt_identity_payload_test.json} (spec 0.4.0): identity payloads as a receiver gets
 * them in handshake message 2 or 3, each accepted or refused by a row of spec/rtt.md Table 3.3.
 * Every payload is checked against the reference before it is written.
 */
final class RttIdentityPayloadVectors {
  static final String PATH = "rtt/rtt_identity_payload_test.json";

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final AgentKeyPair BOB = VectorKeys.key("bob");
  private static final byte[] STATIC_PRIVATE =
      RttVectors.noiseKey("responder", "static", "identity-payload");
  private static final byte[] STATIC_PUBLIC =
      Curve25519KeyPair.fromPrivate(STATIC_PRIVATE).publicKey();
  private static final byte[] OTHER_STATIC =
      Curve25519KeyPair.fromPrivate(RttVectors.noiseKey("responder", "bound-static", "other"))
          .publicKey();

  private final VectorFile file;
  private final ObjectNode group;

  private RttIdentityPayloadVectors() {
    file =
        new VectorFile(
            PATH,
            "Web4-RTT-IdentityPayload",
            "vectors/rtt_identity_payload_test.schema.json",
            List.of(
                "RTT identity payloads (spec/rtt.md section 3.2) as the receiver of handshake"
                    + " message 2 or 3 gets them, judged by the checks of Table 3.3.",
                "payload is the hex of the bytes (payloadText the same as text). The Noise static"
                    + " key the handshake authenticated for the sender is the group's noiseStatic;"
                    + " the sender's identity key is bob (seed in identitySeed).",
                "A valid case must be accepted. An invalid case must be refused: by a responder"
                    + " with one closing ERROR HANDSHAKE (RTT-HS-005), by an initiator by closing"
                    + " without message 3 (RTT-HS-004). check names the row of Table 3.3 that"
                    + " refuses it; the rows have no observable order."));
    file.note("ValidPayload", "Functionality", "A payload that passes every check of Table 3.3.")
        .note("BoundaryValue", "EdgeCase", "A member at a bound of Table 3.3 (accepted).")
        .note("NotIJson", "MalformedInput", "Not I-JSON (row 1).")
        .note(
            "NotCanonical",
            "MalformedInput",
            "Not the RFC 8785 form of its value (row 2): 64.0 for 64, member order, whitespace,"
                + " escapes.")
        .note("Members", "MalformedInput", "A member missing or extra (row 3).")
        .note("AgentId", "MalformedInput", "agent_id does not match its pattern (row 4).")
        .note("BindingShape", "MalformedInput", "binding is not canonical base64 of 64 bytes (5).")
        .note("Channels", "MalformedInput", "channels is not the standard list (row 6).")
        .note("Limits", "MalformedInput", "limits is not {max_channels: 3..1024} (row 7).")
        .note("Pubkey", "MalformedInput", "pubkey is not canonical base64 of 32 bytes (row 8).")
        .note("Versions", "MalformedInput", "rtt is not 1 to 16 MAJOR.MINOR strings (row 9).")
        .note("NoCommonVersion", "MalformedInput", "rtt does not name 1.0 (row 10).")
        .note(
            "BindingMismatch",
            "Authentication",
            "binding does not sign the authenticated Noise static key (row 11).");
    group = file.group("RttIdentityPayload");
    group.put("identitySeed", VectorKeys.seedText("bob"));
    group.put("identityPubkey", BOB.publicKey().base64());
    group.put("noiseStatic", HEX.formatHex(STATIC_PUBLIC));
  }

  static VectorFile build() {
    RttIdentityPayloadVectors v = new RttIdentityPayloadVectors();
    v.valid();
    v.invalid();
    return v.file;
  }

  private void valid() {
    accept("a payload with max_channels 64", "ValidPayload", p -> {});
    accept("max_channels 3, the least", "BoundaryValue", p -> limits(p, 3));
    accept("max_channels 1024, the most", "BoundaryValue", p -> limits(p, 1024));
    accept("rtt naming 0.9 and 1.0", "ValidPayload", p -> versions(p, "0.9", "1.0"));
    accept(
        "rtt with 16 versions, the most",
        "BoundaryValue",
        p ->
            versions(
                p, "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10",
                "1.11", "1.12", "1.13", "1.14", "12.345"));
    accept("agent_id of 128 characters", "BoundaryValue", p -> p.put("agent_id", "b".repeat(128)));
    accept(
        "agent_id with every allowed punctuation",
        "BoundaryValue",
        p -> p.put("agent_id", "9a.b_c:d@e-f"));
  }

  private void invalid() {
    byte[] base = canonical(p -> {});
    String text = new String(base, StandardCharsets.UTF_8);
    refuse("not JSON", "NotIJson", 1, "not json".getBytes(StandardCharsets.UTF_8));
    refuse(
        "a duplicate member",
        "NotIJson",
        1,
        text.replace("\"agent_id\":\"bob\",", "\"agent_id\":\"bob\",\"agent_id\":\"bob\","));
    refuse(
        "max_channels written 64.0 (the canonical form writes 64)",
        "NotCanonical",
        2,
        text.replace("\"max_channels\":64", "\"max_channels\":64.0"));
    refuse(
        "max_channels written 6.4e1",
        "NotCanonical",
        2,
        text.replace("\"max_channels\":64", "\"max_channels\":6.4e1"));
    refuse(
        "rtt before agent_id (not RFC 8785 member order)",
        "NotCanonical",
        2,
        "{\"rtt\":[\"1.0\"]," + text.substring(1).replace(",\"rtt\":[\"1.0\"]", ""));
    refuse("a space after the first brace", "NotCanonical", 2, "{ " + text.substring(1));
    refuse(
        "agent_id with an escape (b\\u006fb)",
        "NotCanonical",
        2,
        text.replace("\"agent_id\":\"bob\"", "\"agent_id\":\"b\\u006fb\""));
    refuse("binding missing", "Members", 3, canonical(p -> p.remove("binding")));
    refuse("an extra member", "Members", 3, canonical(p -> p.put("zone", "eu")));
    refuse("agent_id -bad", "AgentId", 4, canonical(p -> p.put("agent_id", "-bad")));
    refuse("agent_id empty", "AgentId", 4, canonical(p -> p.put("agent_id", "")));
    refuse(
        "agent_id of 129 characters",
        "AgentId",
        4,
        canonical(p -> p.put("agent_id", "b".repeat(129))));
    refuse("agent_id a number", "AgentId", 4, canonical(p -> p.put("agent_id", 7)));
    refuse(
        "binding in the URL-safe alphabet",
        "BindingShape",
        5,
        canonical(
            p ->
                p.put(
                    "binding",
                    Base64.getUrlEncoder()
                        .encodeToString(BOB.sign(IdentityPayload.bindingInput(STATIC_PUBLIC))))));
    refuse(
        "binding of 63 bytes",
        "BindingShape",
        5,
        canonical(
            p ->
                p.put(
                    "binding",
                    Base64.getEncoder()
                        .encodeToString(
                            java.util.Arrays.copyOf(
                                BOB.sign(IdentityPayload.bindingInput(STATIC_PUBLIC)), 63)))));
    refuse(
        "channels in another order",
        "Channels",
        6,
        canonical(p -> strings(p.putArray("channels"), "state", "control", "knowledge")));
    refuse(
        "a fourth channel",
        "Channels",
        6,
        canonical(p -> strings(p.putArray("channels"), "control", "state", "knowledge", "x")));
    refuse("max_channels 2", "Limits", 7, canonical(p -> limits(p, 2)));
    refuse("max_channels 1025", "Limits", 7, canonical(p -> limits(p, 1025)));
    refuse(
        "max_channels a string",
        "Limits",
        7,
        canonical(p -> p.putObject("limits").put("max_channels", "64")));
    refuse(
        "limits with a second member",
        "Limits",
        7,
        canonical(p -> p.putObject("limits").put("max_channels", 64).put("max_streams", 8)));
    String pubkey = BOB.publicKey().base64();
    String nonCanonical = pubkey.substring(0, 42) + (char) (pubkey.charAt(42) + 1) + "=";
    refuse(
        "pubkey with a non-zero unused bit",
        "Pubkey",
        8,
        canonical(p -> p.put("pubkey", nonCanonical)));
    refuse("rtt empty", "Versions", 9, canonical(p -> versions(p)));
    refuse("rtt [\"1.0\",2]", "Versions", 9, canonical(p -> p.putArray("rtt").add("1.0").add(2)));
    refuse("rtt [\"1.0\",\"v2\"]", "Versions", 9, canonical(p -> versions(p, "1.0", "v2")));
    refuse(
        "rtt with 17 versions",
        "Versions",
        9,
        canonical(
            p ->
                versions(
                    p, "1.0", "1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10",
                    "1.11", "1.12", "1.13", "1.14", "1.15", "1.16")));
    refuse("rtt a string", "Versions", 9, canonical(p -> p.put("rtt", "1.0")));
    refuse("rtt [\"2.0\"]", "NoCommonVersion", 10, canonical(p -> versions(p, "2.0")));
    refuse(
        "binding over another Noise static key",
        "BindingMismatch",
        11,
        IdentityPayload.create("bob", BOB, OTHER_STATIC));
  }

  // ---------------------------------------------------------------- building and checking

  private static byte[] canonical(Consumer<ObjectNode> change) {
    ObjectNode p = NODES.objectNode();
    p.put("agent_id", "bob");
    p.put(
        "binding",
        Base64.getEncoder().encodeToString(BOB.sign(IdentityPayload.bindingInput(STATIC_PUBLIC))));
    strings(p.putArray("channels"), ChannelNames.STANDARD.toArray(String[]::new));
    p.putObject("limits").put("max_channels", 64);
    p.put("pubkey", BOB.publicKey().base64());
    p.putArray("rtt").add("1.0");
    change.accept(p);
    return JsonCanonicalizer.canonicalize(p);
  }

  private static void limits(ObjectNode p, int maxChannels) {
    p.putObject("limits").put("max_channels", maxChannels);
  }

  private static void versions(ObjectNode p, String... versions) {
    strings(p.putArray("rtt"), versions);
  }

  private static void strings(ArrayNode array, String... values) {
    for (String v : values) {
      array.add(v);
    }
  }

  private void accept(String comment, String flag, Consumer<ObjectNode> change) {
    byte[] payload = canonical(change);
    if (verdict(payload).isPresent()) {
      throw new IllegalStateException("the reference refuses a valid payload: " + comment);
    }
    file.test(group, comment, List.of(flag), "valid", List.of("RTT-HS-002"), fields(payload, 0));
  }

  private void refuse(String comment, String flag, int check, String payload) {
    refuse(comment, flag, check, payload.getBytes(StandardCharsets.UTF_8));
  }

  private void refuse(String comment, String flag, int check, byte[] payload) {
    Optional<RttHandshakeException> refusal = verdict(payload);
    if (refusal.isEmpty()) {
      throw new IllegalStateException("the reference accepts an invalid payload: " + comment);
    }
    file.test(
        group,
        comment,
        List.of(flag),
        "invalid",
        List.of("RTT-HS-004", "RTT-HS-005"),
        fields(payload, check));
  }

  private static Optional<RttHandshakeException> verdict(byte[] payload) {
    try {
      IdentityPayload.verify(payload, STATIC_PUBLIC, Optional.empty());
      return Optional.empty();
    } catch (RttHandshakeException e) {
      return Optional.of(e);
    }
  }

  private static ObjectNode fields(byte[] payload, int check) {
    ObjectNode f = VectorFile.fields();
    f.put("payload", HEX.formatHex(payload));
    f.put("payloadText", new String(payload, StandardCharsets.UTF_8));
    if (check > 0) {
      f.put("check", check);
    }
    return f;
  }
}
