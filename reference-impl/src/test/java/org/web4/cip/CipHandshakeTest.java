package org.web4.cip;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.harness.HarnessBackend;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.testing.ScriptedPeer;

/**
 * The reference as CIP responder (spec/cip.md §4.2) against a scripted initiator: an initiator's
 * HELLO with a challenge response is refused [CIP-HS-007], a refused VERIFY can be followed by a
 * good one [CIP-HS-008], and the completion is reported before the trust change it causes
 * [EVT-CIP-004].
 */
class CipHandshakeTest {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair referenceKey = AgentKeyPair.generate(random);
  private final AgentKeyPair testerKey = AgentKeyPair.generate(random);
  private final ReferenceAgent agent =
      new ReferenceAgent(
          new HarnessBackend.Implementation("web4-reference", "test"),
          "reference",
          referenceKey,
          new AdjustableClock(Clock.systemUTC()),
          random,
          RttEvent.Sink.none());
  private final byte[] nonce = bytes(32);
  private final byte[] challenge = bytes(32);
  private ScriptedPeer peer;

  @BeforeEach
  void connect() throws Exception {
    InetSocketAddress address =
        agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    peer = ScriptedPeer.initiate(address, testerKey);
    assertThat(peer.read().type()).isEqualTo(FrameType.PING); // [RTT-HS-007]
  }

  @AfterEach
  void close() {
    peer.close();
    agent.close();
  }

  @Test
  void anInitiatorHelloWithAChallengeResponseIsRefusedAndNotAnswered() throws Exception {
    ObjectNode hello = helloPayload();
    hello.put("challenge_response", Base64.getEncoder().encodeToString(bytes(64)));
    send("HELLO", hello);
    assertRefused("TRUST_VIOLATION");
    barrier(); // no HELLO came before the PONG
    assertThat(agent.trust()).doesNotContainKey(testerKey.publicKey().fingerprint());

    send("HELLO", helloPayload()); // the handshake still waits for the initiator's HELLO
    assertThat(receive().path("type").asText()).isEqualTo("HELLO");
  }

  @Test
  void aVerifyAfterARefusedOneCompletesTheHandshakeAndIsReportedBeforeTheTrustChange()
      throws Exception {
    send("HELLO", helloPayload());
    JsonNode answer = receive();
    byte[] theirNonce = b64(answer.path("payload").path("session_nonce"));
    byte[] theirChallenge = b64(answer.path("payload").path("challenge"));

    ObjectNode wrong = NODES.objectNode();
    wrong.put("challenge_response", sign(theirChallenge, nonce, theirNonce)); // nonces swapped
    send("VERIFY", wrong);
    assertRefused("TRUST_VIOLATION");

    ObjectNode right = NODES.objectNode();
    right.put("challenge_response", sign(theirChallenge, theirNonce, nonce));
    send("VERIFY", right);
    assertThat(receive().path("type").asText()).isEqualTo("STATE_UPDATE"); // [CIP-HS-005]

    List<String> kinds =
        agent.events(0, 1000).stream()
            .map(e -> e.path("kind").asText())
            .filter(k -> k.startsWith("cip."))
            .toList();
    assertThat(kinds).containsSubsequence("cip.handshake.completed", "cip.trust.changed");
    assertThat(kinds.indexOf("cip.handshake.completed"))
        .isLessThan(kinds.indexOf("cip.trust.changed"));
  }

  /**
   * [MESH-GATE-003] the reference announces the mesh in its HELLO; [MESH-GATE-002] a peer whose
   * HELLO did not is sent no mesh envelope; [MESH-GATE-001] its mesh envelopes are refused.
   */
  @Test
  void aPeerThatDidNotAnnounceTheMeshGetsNoMeshEnvelopeAndMayNotSendOne() throws Exception {
    send("HELLO", helloPayload());
    JsonNode answer = receive();
    assertThat(answer.at("/payload/features/supports_mesh").asBoolean()).isTrue();
    byte[] theirNonce = b64(answer.path("payload").path("session_nonce"));
    byte[] theirChallenge = b64(answer.path("payload").path("challenge"));
    ObjectNode right = NODES.objectNode();
    right.put("challenge_response", sign(theirChallenge, theirNonce, nonce));
    send("VERIFY", right);
    assertThat(receive().path("type").asText()).isEqualTo("STATE_UPDATE");
    barrier(); // no MESH_ROUTES came before the PONG

    ObjectNode routes = NODES.objectNode();
    routes.putArray("routes");
    ObjectNode envelope =
        EnvelopeBuilder.of(Protocol.MESH, "MESH_ROUTES")
            .msgId(UUID.randomUUID())
            .timestamp(Instant.now())
            .sender("tester", testerKey)
            .receiver("reference", referenceKey.publicKey().fingerprint())
            .payload(routes)
            .sign(testerKey);
    peer.sendMessage(ChannelNames.STATE, JsonCanonicalizer.canonicalize(envelope));
    assertRefused("TRUST_VIOLATION");
  }

  private ObjectNode helloPayload() {
    ObjectNode p = NODES.objectNode();
    p.putArray("protocols").add("cip/1.0");
    p.putArray("capabilities");
    p.put("session_nonce", Base64.getEncoder().encodeToString(nonce));
    p.put("challenge", Base64.getEncoder().encodeToString(challenge));
    return p;
  }

  private String sign(byte[] theirChallenge, byte[] challengerNonce, byte[] answererNonce) {
    return Base64.getEncoder()
        .encodeToString(
            ChallengeResponse.sign(testerKey, theirChallenge, challengerNonce, answererNonce));
  }

  private void send(String type, ObjectNode payload) throws Exception {
    ObjectNode envelope =
        EnvelopeBuilder.of(Protocol.CIP, type)
            .msgId(UUID.randomUUID())
            .timestamp(Instant.now())
            .sender("tester", testerKey)
            .receiver("reference", referenceKey.publicKey().fingerprint())
            .payload(payload)
            .sign(testerKey);
    peer.sendMessage(ChannelNames.CONTROL, JsonCanonicalizer.canonicalize(envelope));
  }

  /** The next envelope the reference sends (CREDIT frames skipped). */
  private JsonNode receive() throws Exception {
    Frame f = next();
    assertThat(f.type()).as("an envelope").isEqualTo(FrameType.DATA);
    return StrictJsonParser.withEnvelopeLimits().parse(f.body());
  }

  private void assertRefused(String code) throws Exception {
    Frame f = next();
    assertThat(f.type()).isEqualTo(FrameType.ERROR);
    assertThat(ErrorBody.decode(f.body()))
        .hasValueSatisfying(b -> assertThat(b.code()).isEqualTo(code));
  }

  private void barrier() throws Exception {
    peer.send(FrameType.PING, 0, ChannelNames.CONTROL, new byte[8]);
    assertThat(next().type()).isEqualTo(FrameType.PONG);
  }

  private Frame next() throws Exception {
    Frame f = peer.read();
    while (f.type() == FrameType.CREDIT) {
      f = peer.read();
    }
    return f;
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] b64(JsonNode text) {
    return Base64.getDecoder().decode(text.asText());
  }
}
