package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseProtocol;

/**
 * Checks every case of {@code vectors/rtt/} against the reference's Noise, identity payload and
 * frame code, from the keys and bytes listed in the files only (not from the generator): both roles
 * of every handshake are replayed and every message, the handshake hash and every transport frame
 * compared byte for byte; every frame plaintext is decoded and judged by the rules of spec/rtt.md
 * Table 4.
 */
class RttVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] NO_AD = new byte[0];

  @TestFactory
  Stream<DynamicNode> rttHandshake() throws IOException {
    return ReferenceVectorsTest.file(RttVectors.HANDSHAKE_PATH, RttVectorsTest::checkHandshake);
  }

  @TestFactory
  Stream<DynamicNode> rttFrame() throws IOException {
    return ReferenceVectorsTest.file(RttVectors.FRAME_PATH, RttVectorsTest::checkFrame);
  }

  @TestFactory
  Stream<DynamicNode> rttIdentityPayload() throws IOException {
    return ReferenceVectorsTest.file(
        RttIdentityPayloadVectors.PATH, RttVectorsTest::checkIdentityPayload);
  }

  /** spec/rtt.md Table 3.3, from the file alone: the reference accepts or refuses the payload. */
  private static void checkIdentityPayload(JsonNode group, JsonNode test) throws Exception {
    byte[] payload = hex(test.get("payload"));
    assertThat(new String(payload, StandardCharsets.UTF_8))
        .isEqualTo(test.get("payloadText").asText());
    Optional<RttHandshakeException> refusal;
    try {
      IdentityPayload.verify(payload, hex(group.get("noiseStatic")), Optional.empty());
      refusal = Optional.empty();
    } catch (RttHandshakeException e) {
      refusal = Optional.of(e);
    }
    assertThat(refusal.isEmpty())
        .as(test.get("comment").asText() + ": " + refusal.map(Throwable::getMessage).orElse(""))
        .isEqualTo(test.get("result").asText().equals("valid"));
  }

  /** The runner validates requirement IDs only for files it runs; these are checked here. */
  @Test
  void everyRequirementIdOfTheVectorsIsDefinedInTheSpec() throws IOException {
    StringBuilder spec = new StringBuilder();
    try (Stream<Path> files = Files.list(KitFiles.root().resolve("spec"))) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".md"))::iterator) {
        spec.append(Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    Set<String> defined = new TreeSet<>();
    Matcher m = Pattern.compile("\\*\\*\\[([A-Z0-9-]+)\\]\\*\\*").matcher(spec);
    while (m.find()) {
      defined.add(m.group(1));
    }
    Set<String> used = new TreeSet<>();
    JsonNode manifest = read(VectorManifest.FILE_NAME);
    for (JsonNode entry : manifest.get("files")) {
      for (JsonNode group : read(entry.get("path").asText()).get("testGroups")) {
        for (JsonNode test : group.get("tests")) {
          test.get("requirements").forEach(r -> used.add(r.asText()));
        }
      }
    }
    assertThat(used).contains("RTT-HS-005", "RTT-FR-005", "RTT-ERR-002");
    assertThat(defined).containsAll(used);
  }

  // ---------------------------------------------------------------- handshakes

  private static void checkHandshake(JsonNode group, JsonNode test) throws Exception {
    assertThat(group.get("protocol").asText()).isEqualTo(NoiseProtocol.RTT.name());
    byte[] prologue = hex(group.get("prologue"));
    assertThat(prologue).isEqualTo(RttHandshake.PROLOGUE);
    assertThat(group.get("prologueText").asText()).isEqualTo("web4-rtt/1.0");

    JsonNode i = test.get("initiator");
    JsonNode r = test.get("responder");
    checkParty(i);
    checkParty(r);
    String outcome = test.get("outcome").asText();
    String refusedBy = test.path("refusedBy").asText("");
    assertThat(test.get("result").asText())
        .isEqualTo(outcome.equals("established") ? "valid" : "invalid");

    HandshakeState hi = state(HandshakeState.Role.INITIATOR, prologue, i);
    HandshakeState hr = state(HandshakeState.Role.RESPONDER, prologue, r);
    List<JsonNode> messages = new ArrayList<>();
    test.get("messages").forEach(messages::add);
    for (int n = 0; n < messages.size(); n++) {
      JsonNode msg = messages.get(n);
      boolean fromInitiator = n % 2 == 0;
      assertThat(msg.get("message").asInt()).isEqualTo(n + 1);
      assertThat(msg.get("from").asText()).isEqualTo(fromInitiator ? "initiator" : "responder");
      byte[] payload = hex(msg.get("payload"));
      // [RTT-HS-001]: message 1 is empty, 2 and 3 carry the identity payloads
      byte[] expectedPayload = n == 0 ? new byte[0] : hex((fromInitiator ? i : r).get("payload"));
      assertThat(payload).isEqualTo(expectedPayload);
      HandshakeState writer = fromInitiator ? hi : hr;
      HandshakeState reader = fromInitiator ? hr : hi;
      byte[] noise = writer.writeMessage(payload);
      assertThat(HEX.formatHex(noise)).as("message %d", n + 1).isEqualTo(msg.get("noise").asText());
      assertThat(HEX.formatHex(withLength(noise))).isEqualTo(msg.get("wire").asText());
      assertThat(reader.readMessage(noise)).isEqualTo(payload);
      if (n == 0) {
        assertThat(noise).hasSize(32); // [RTT-HS-006]: an ephemeral key and an empty payload
      }
    }

    // the initiator judges the responder's payload after message 2
    assertThat(hi.remoteStaticKey()).isEqualTo(hex(r.get("staticPublic")));
    Optional<RttHandshakeException> initiatorRefusal =
        verify(hex(r.get("payload")), remoteStatic(hi), r);
    if (refusedBy.equals("initiator")) {
      assertRefusal(initiatorRefusal, test.get("reason").asText());
      assertThat(messages).as("a refusing initiator sends no message 3").hasSize(2);
      assertThat(test.has("frames")).isFalse();
      assertThat(test.has("handshakeHash")).isFalse();
      return;
    }
    assertThat(initiatorRefusal).isEmpty();
    assertThat(messages).hasSize(3);

    assertThat(hi.isDone()).isTrue();
    assertThat(hr.isDone()).isTrue();
    assertThat(HEX.formatHex(hi.result().handshakeHash()))
        .isEqualTo(test.get("handshakeHash").asText());
    assertThat(hr.result().handshakeHash()).isEqualTo(hi.result().handshakeHash());
    assertThat(hr.remoteStaticKey()).isEqualTo(hex(i.get("staticPublic")));
    Optional<RttHandshakeException> responderRefusal =
        verify(hex(i.get("payload")), remoteStatic(hr), i);

    List<JsonNode> frames = new ArrayList<>();
    test.get("frames").forEach(frames::add);
    if (refusedBy.equals("responder")) {
      assertRefusal(responderRefusal, test.get("reason").asText());
      assertThat(test.get("error").asText()).isEqualTo("HANDSHAKE");
      // [RTT-HS-005]: exactly one frame, a closing ERROR HANDSHAKE, frame 0 on channel 0
      assertThat(frames).hasSize(1);
      JsonNode f = frames.get(0);
      assertThat(f.get("from").asText()).isEqualTo("responder");
      Frame frame = FrameCodec.decode(hex(f.get("plaintext")));
      assertThat(frame.type()).isEqualTo(FrameType.ERROR);
      assertThat(frame.flags()).isEqualTo(0x01);
      assertThat(frame.channel()).isZero();
      assertThat(frame.sequence()).isZero();
      ErrorBody body = ErrorBody.decode(frame.body()).orElseThrow();
      assertThat(body.code()).isEqualTo("HANDSHAKE");
      assertThat(body.frame()).isNull();
    } else {
      assertThat(outcome).isEqualTo("established");
      assertThat(responderRefusal).isEmpty();
      assertThat(frames)
          .extracting(f -> f.get("frame").get("type").asText())
          .contains("PING", "PONG", "DATA", "CREDIT", "ERROR", "GOAWAY");
    }

    long[] next = new long[2]; // initiator, responder
    for (JsonNode f : frames) {
      boolean fromInitiator = f.get("from").asText().equals("initiator");
      CipherState sender = fromInitiator ? hi.result().sender() : hr.result().sender();
      CipherState receiver = fromInitiator ? hr.result().receiver() : hi.result().receiver();
      int side = fromInitiator ? 0 : 1;
      long expectedSeq = next[side]++;
      assertThat(f.get("nonce").asLong()).isEqualTo(expectedSeq);
      assertThat(f.get("frame").get("sequence").asLong()).isEqualTo(expectedSeq);
      Frame frame = frame(f.get("frame"));
      byte[] plaintext = FrameCodec.encode(frame);
      assertThat(HEX.formatHex(plaintext)).isEqualTo(f.get("plaintext").asText());
      assertThat(refusal(plaintext)).as("a frame both sides send must be well-formed").isEmpty();
      byte[] ciphertext = sender.encryptWithAd(NO_AD, plaintext);
      assertThat(HEX.formatHex(ciphertext)).isEqualTo(f.get("ciphertext").asText());
      assertThat(HEX.formatHex(withLength(ciphertext))).isEqualTo(f.get("wire").asText());
      assertThat(FrameCodec.decode(receiver.decryptWithAd(NO_AD, ciphertext))).isEqualTo(frame);
    }
  }

  /** The listed keys and payload are consistent: public keys, identity, and the payload bytes. */
  private static void checkParty(JsonNode p) throws Exception {
    AgentKeyPair identity = AgentKeyPair.fromSeed(hex(p.get("identitySeed")));
    assertThat(HEX.formatHex(identity.publicKey().raw()))
        .isEqualTo(p.get("identityPubkey").asText());
    assertThat(publicOf(p.get("staticPrivate"))).isEqualTo(p.get("staticPublic").asText());
    assertThat(publicOf(p.get("ephemeralPrivate"))).isEqualTo(p.get("ephemeralPublic").asText());
    String bound = p.get("staticPublic").asText();
    if (p.has("boundStaticPrivate")) {
      bound = publicOf(p.get("boundStaticPrivate"));
      assertThat(bound).isEqualTo(p.get("boundStaticPublic").asText());
      assertThat(bound).isNotEqualTo(p.get("staticPublic").asText());
    }
    byte[] payload = hex(p.get("payload"));
    // [RTT-HS-002]: the payload is exactly what the reference writes for this identity and key
    assertThat(
            IdentityPayload.create(
                p.get("agent_id").asText(),
                identity,
                HEX.parseHex(bound),
                new RttLimits(p.get("maxChannels").asInt())))
        .isEqualTo(payload);
    assertThat(new String(payload, StandardCharsets.UTF_8))
        .isEqualTo(p.get("payloadText").asText());
    JsonNode parsed = PrettyJson.mapper().readTree(payload);
    assertThat(parsed.get("pubkey").asText()).isEqualTo(identity.publicKey().base64());
    assertThat(parsed.get("limits").get("max_channels").asInt())
        .isEqualTo(p.get("maxChannels").asInt());
  }

  /** Verifies a payload over the static key the handshake authenticated; empty if accepted. */
  private static Optional<RttHandshakeException> verify(
      byte[] payload, byte[] remoteStatic, JsonNode party) {
    try {
      IdentityPayload.PeerIdentity peer =
          IdentityPayload.verify(payload, remoteStatic, Optional.empty());
      assertThat(peer.agentId()).isEqualTo(party.get("agent_id").asText());
      assertThat(HEX.formatHex(peer.key().raw())).isEqualTo(party.get("identityPubkey").asText());
      assertThat(peer.limits().maxChannels()).isEqualTo(party.get("maxChannels").asInt());
      return Optional.empty();
    } catch (RttHandshakeException e) {
      return Optional.of(e);
    }
  }

  private static void assertRefusal(Optional<RttHandshakeException> refusal, String reason) {
    assertThat(refusal).as("the payload must be refused with %s", reason).isPresent();
    assertThat(refusal.get().reason().name()).isEqualTo(reason);
  }

  private static HandshakeState state(HandshakeState.Role role, byte[] prologue, JsonNode p) {
    return new HandshakeState(
        NoiseProtocol.RTT,
        role,
        prologue,
        Curve25519KeyPair.fromPrivate(hex(p.get("staticPrivate"))),
        Curve25519KeyPair.fromPrivate(hex(p.get("ephemeralPrivate"))),
        null,
        new SecureRandom());
  }

  private static byte[] remoteStatic(HandshakeState hs) {
    byte[] rs = hs.remoteStaticKey();
    assertThat(rs).as("the peer's static key").isNotNull();
    return rs == null ? new byte[0] : rs;
  }

  private static String publicOf(JsonNode privateKey) {
    return HEX.formatHex(Curve25519KeyPair.fromPrivate(hex(privateKey)).publicKey());
  }

  // ---------------------------------------------------------------- frame plaintexts

  private static void checkFrame(JsonNode group, JsonNode test) throws Exception {
    byte[] plaintext = hex(test.get("plaintext"));
    Optional<String> refusal = refusal(plaintext);
    if (test.get("result").asText().equals("valid")) {
      assertThat(refusal).as("refused a valid frame").isEmpty();
      Frame expected = frame(test.get("frame"));
      assertThat(FrameCodec.decode(plaintext)).isEqualTo(expected);
      assertThat(HEX.formatHex(FrameCodec.encode(expected))).isEqualTo(HEX.formatHex(plaintext));
      if (test.get("frame").has("bodyText")) {
        assertThat(new String(expected.body(), StandardCharsets.UTF_8))
            .isEqualTo(test.get("frame").get("bodyText").asText());
      }
    } else {
      assertThat(refusal).contains(test.get("error").asText());
    }
  }

  /**
   * The error code a receiver refuses a frame plaintext with, by the rules spec/rtt.md decides from
   * the frame alone (RTT-FR-003, RTT-FR-005, RTT-FLOW-003 and §4.3); empty if well-formed.
   */
  static Optional<String> refusal(byte[] plaintext) {
    Frame f;
    try {
      f = FrameCodec.decode(plaintext); // short header, unknown type
    } catch (FrameException e) {
      return Optional.of("FRAME");
    }
    byte[] body = f.body();
    boolean ok =
        switch (f.type()) {
          case OPEN -> f.flags() == 0;
          case OPEN_ACK, CLOSE -> f.flags() == 0 && body.length == 0;
          case DATA -> (f.flags() & ~0x01) == 0;
          case CREDIT -> f.flags() == 0 && body.length == 4 && ByteBuffer.wrap(body).getInt() != 0;
          case ACK, GOAWAY -> f.channel() == 0 && f.flags() == 0 && body.length == 4;
          case PING, PONG -> f.channel() == 0 && f.flags() == 0 && body.length == 8;
          case ERROR ->
              (f.flags() & ~0x01) == 0
                  && ErrorBody.decode(body)
                      .filter(e -> Arrays.equals(e.encode(), body))
                      .isPresent();
        };
    return ok ? Optional.empty() : Optional.of("FRAME");
  }

  private static Frame frame(JsonNode f) {
    FrameType type = FrameType.valueOf(f.get("type").asText());
    assertThat(f.get("typeCode").asInt()).isEqualTo(type.code());
    return new Frame(
        type,
        f.get("flags").asInt(),
        f.get("channel").asInt(),
        f.get("sequence").asLong(),
        hex(f.get("body")));
  }

  // ---------------------------------------------------------------- helpers

  private static byte[] withLength(byte[] message) {
    return ByteBuffer.allocate(2 + message.length)
        .putShort((short) message.length)
        .put(message)
        .array();
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private static JsonNode read(String path) throws IOException {
    return PrettyJson.mapper().readTree(Files.readAllBytes(KitFiles.vectors().resolve(path)));
  }
}
