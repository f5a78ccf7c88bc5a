package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseProtocol;

/**
 * Replays vectors/rtt/rtt_resume_test.json (draft, docs/drafts/rtt-resume.md §10) through the
 * reference's Noise handshake, session keys, resume request and RESUME frame: each case is its own
 * test.
 */
class ResumeVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TestFactory
  Stream<DynamicTest> everyCase() throws Exception {
    JsonNode file =
        new ObjectMapper()
            .readTree(
                Path.of(
                        System.getProperty("web4.kit.root", ".."),
                        "vectors/rtt/rtt_resume_test.json")
                    .toFile());
    List<DynamicTest> tests = new ArrayList<>();
    SessionKeys[] previous = new SessionKeys[1];
    for (JsonNode group : file.get("testGroups")) {
      for (JsonNode t : group.get("tests")) {
        String name = t.get("tcId").asInt() + " " + t.get("case").asText();
        switch (group.get("type").asText()) {
          case "RttResumeKeys" -> {
            previous[0] = keys(t); // checked here: the others need it
            tests.add(DynamicTest.dynamicTest(name, () -> keys(t)));
          }
          case "RttResumeRequest" ->
              tests.add(DynamicTest.dynamicTest(name, () -> request(group, t)));
          case "RttResumeAnswer" -> tests.add(DynamicTest.dynamicTest(name, () -> answer(t)));
          default -> throw new IllegalStateException(group.get("type").asText());
        }
      }
    }
    assertThat(tests).hasSize(file.get("numberOfTests").asInt());
    return tests.stream();
  }

  /** [RTT-RES-002] the handshake replays byte for byte and gives the session keys. */
  private static SessionKeys keys(JsonNode t) throws Exception {
    HandshakeState[] hs = replay(t);
    byte[] ck = hs[0].result().chainingKey();
    byte[] h = hs[0].result().handshakeHash();
    assertThat(HEX.formatHex(ck)).isEqualTo(t.get("chainingKey").asText());
    assertThat(HEX.formatHex(h)).isEqualTo(t.get("handshakeHash").asText());
    assertThat(hs[1].result().chainingKey()).isEqualTo(ck);
    SessionKeys keys = SessionKeys.derive(ck, h);
    assertThat(HEX.formatHex(keys.sessionId())).isEqualTo(t.get("sessionId").asText());
    assertThat(keys.id().base64()).isEqualTo(t.get("sessionIdBase64").asText());
    assertThat(HEX.formatHex(keys.binderKey())).isEqualTo(t.get("binderKey").asText());
    return keys;
  }

  /** [RTT-RES-004, RTT-RES-005, RTT-RES-006] check 13, then the binder (row R4). */
  private static void request(JsonNode group, JsonNode t) throws Exception {
    HandshakeState[] hs = replay(t);
    byte[] payload3 = HEX.parseHex(t.get("messages").get(2).get("payload").asText());
    IdentityPayload.Verified v =
        IdentityPayload.verify(
            payload3,
            HEX.parseHex(t.get("initiator").get("staticPublic").asText()),
            Optional.empty(),
            true,
            true);
    String outcome;
    try {
      ResumeRequest r = ResumeRequest.parse(Objects.requireNonNull(v.resume()));
      SessionKeys previous =
          SessionKeys.of(
              HEX.parseHex(group.get("previousSessionId").asText()),
              HEX.parseHex(group.get("previousBinderKey").asText()));
      assertThat(r.session()).isEqualTo(previous.id());
      outcome =
          previous.verifies(HEX.parseHex(t.get("h2").asText()), r.binder().bytes())
              ? "resumed"
              : "fresh";
    } catch (ResumeFormatException e) {
      outcome = "refused";
    }
    assertThat(outcome).isEqualTo(t.get("expected").get("outcome").asText());
    if (outcome.equals("resumed")) {
      SessionKeys next =
          SessionKeys.derive(hs[0].result().chainingKey(), hs[0].result().handshakeHash());
      assertThat(HEX.formatHex(next.sessionId())).isEqualTo(t.get("newSessionId").asText());
      assertThat(HEX.formatHex(next.binderKey())).isEqualTo(t.get("newBinderKey").asText());
    }
  }

  /** [RTT-RES-006] RESUME is the responder's frame 1 with a valid body. */
  private static void answer(JsonNode t) throws Exception {
    for (JsonNode f : t.get("frames")) {
      byte[] plaintext = HEX.parseHex(f.get("plaintext").asText());
      if (!ResumeFrame.isResume(ByteBuffer.wrap(plaintext))) {
        continue;
      }
      if (t.get("result").asText().equals("valid")) {
        ResumeAnswer a = ResumeFrame.decode(ByteBuffer.wrap(plaintext));
        assertThat(new String(a.encode(), StandardCharsets.UTF_8))
            .isEqualTo(t.get("resumeBodyText").asText());
        assertThat(ResumeFrame.encode(a)).isEqualTo(plaintext);
      } else {
        assertThatThrownBy(() -> ResumeFrame.decode(ByteBuffer.wrap(plaintext)))
            .isInstanceOf(ResumeFormatException.class);
      }
    }
  }

  /** Runs the case's handshake with its keys; checks every message; returns both sides. */
  private static HandshakeState[] replay(JsonNode t) throws Exception {
    HandshakeState i = state(HandshakeState.Role.INITIATOR, t.get("initiator"));
    HandshakeState r = state(HandshakeState.Role.RESPONDER, t.get("responder"));
    for (JsonNode m : t.get("messages")) {
      boolean fromInitiator = m.get("from").asText().equals("initiator");
      byte[] payload = HEX.parseHex(m.get("payload").asText());
      byte[] noise = (fromInitiator ? i : r).writeMessage(payload);
      assertThat(HEX.formatHex(noise)).isEqualTo(m.get("noise").asText());
      assertThat((fromInitiator ? r : i).readMessage(noise)).isEqualTo(payload);
      if (m.get("message").asInt() == 2 && t.has("h2")) {
        assertThat(HEX.formatHex(i.handshakeHash())).isEqualTo(t.get("h2").asText());
      }
    }
    return new HandshakeState[] {i, r};
  }

  private static HandshakeState state(HandshakeState.Role role, JsonNode side) {
    return new HandshakeState(
        NoiseProtocol.RTT,
        role,
        RttHandshake.PROLOGUE,
        Curve25519KeyPair.fromPrivate(HEX.parseHex(side.get("staticPrivate").asText())),
        Curve25519KeyPair.fromPrivate(HEX.parseHex(side.get("ephemeralPrivate").asText())),
        null,
        new SecureRandom());
  }
}
