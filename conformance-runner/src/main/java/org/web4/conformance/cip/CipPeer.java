package org.web4.conformance.cip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.web4.cip.ChallengeResponse;
import org.web4.conformance.mesh.MeshEnvelopes;
import org.web4.conformance.rtt.PeerInbox;
import org.web4.conformance.rtt.TesterContext;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterRandom;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.MessageIds;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;

/**
 * A tester peer that speaks CIP (spec/cip.md §4) over its RTT connection: it builds and signs CIP
 * envelopes with its own identity (stamped with the tester clock, nonces and msg_ids from the run's
 * seed), and reads the implementation's envelopes and ERRORs from the connection's one {@link
 * PeerInbox} (shared with a {@code LipPeer} over the same connection), so that steps can wait for
 * one with a bound.
 */
public final class CipPeer implements AutoCloseable {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What the implementation sent: an envelope on a channel, or an ERROR frame. */
  public record Received(int channel, @Nullable JsonNode envelope, @Nullable ErrorBody error) {}

  private final TesterPeer rtt;
  private final PeerInbox inbox;
  private final Random random;
  private final byte[] nonce = new byte[32];
  private final byte[] challenge = new byte[32];
  private byte @Nullable [] peerNonce;
  private @Nullable String peerAgentId;
  private @Nullable String peerFingerprint;
  private boolean supportsMesh;

  public CipPeer(TesterPeer rtt, long seed) {
    this.rtt = rtt;
    this.inbox = rtt.inbox();
    this.random = TesterRandom.of(seed, "cip/" + rtt.name());
    random.nextBytes(nonce);
    random.nextBytes(challenge);
  }

  public TesterPeer rtt() {
    return rtt;
  }

  public AgentKeyPair identity() {
    return rtt.identity();
  }

  public String fingerprint() {
    return rtt.identity().publicKey().fingerprint();
  }

  /**
   * Whether this peer's HELLOs say {@code features.supports_mesh} true (spec/mesh.md §4.1: only
   * then is it the implementation's neighbour); off by default, so that CIP scenarios see no mesh.
   */
  public void supportsMesh(boolean on) {
    this.supportsMesh = on;
  }

  /** The implementation's fingerprint (from its RTT identity payload). */
  public String implementationFingerprint() {
    return peerFingerprint == null ? "0".repeat(64) : peerFingerprint;
  }

  /** The implementation's agent_id (from its RTT identity payload). */
  public String implementationAgentId() {
    return peerAgentId == null ? "iut" : peerAgentId;
  }

  /** The implementation's identity (from its RTT identity payload). */
  public void peerIs(String agentId, String fingerprint) {
    this.peerAgentId = agentId;
    this.peerFingerprint = fingerprint;
  }

  // ------------------------------------------------------------------------------- sending

  /** A signed CIP envelope of this peer, stamped now, with a fresh msg_id. */
  public ObjectNode envelope(String type, ObjectNode payload) {
    return EnvelopeBuilder.of(Protocol.CIP, type)
        .msgId(uuid())
        .timestamp(Instant.ofEpochMilli(TesterContext.clock().millis()))
        .sender(TesterPeer.AGENT_ID, rtt.identity())
        .receiver(
            peerAgentId == null ? "iut" : peerAgentId,
            peerFingerprint == null ? "0".repeat(64) : peerFingerprint)
        .payload(payload)
        .sign(rtt.identity());
  }

  /** A signed mesh envelope of this peer (spec/mesh.md §2), stamped now, with a fresh msg_id. */
  public ObjectNode meshEnvelope(String type, ObjectNode payload) {
    return MeshEnvelopes.signed(
        MeshEnvelopes.unsigned(
            type,
            uuid(),
            Instant.ofEpochMilli(TesterContext.clock().millis()),
            TesterPeer.AGENT_ID,
            rtt.identity(),
            implementationAgentId(),
            implementationFingerprint(),
            payload),
        rtt.identity());
  }

  /** A fresh version 4 UUID from this peer's seeded randomness (a msg_id or a mesh_id). */
  public UUID freshUuid() {
    return uuid();
  }

  /**
   * A signed HCP envelope of this peer (spec/hcp.md §2): {@code state.human} and, when given, the
   * {@code trust} block; stamped {@code at}, with a fresh msg_id, signed by {@code signer}.
   */
  public ObjectNode hcpEnvelope(
      String type,
      ObjectNode human,
      @Nullable ObjectNode trust,
      ObjectNode payload,
      Instant at,
      AgentKeyPair signer) {
    ObjectNode state = NODES.objectNode();
    state.set("human", human);
    EnvelopeBuilder b =
        EnvelopeBuilder.of(Protocol.HCP, type)
            .msgId(uuid())
            .timestamp(at)
            .sender(TesterPeer.AGENT_ID, signer)
            .receiver(
                peerAgentId == null ? "iut" : peerAgentId,
                peerFingerprint == null ? "0".repeat(64) : peerFingerprint)
            .block("state", state);
    if (trust != null) {
      b.block("trust", trust);
    }
    return b.payload(payload).sign(signer);
  }

  /**
   * A PING barrier (rtt.md RTT-FR-006): sends a PING and reads until its PONG arrives, so that
   * everything the implementation sent before it is in {@link #received()}. False when no PONG came
   * within {@code timeout}.
   */
  public boolean barrier(Duration timeout) throws InterruptedException, IOException {
    byte[] opaque = new byte[8];
    random.nextBytes(opaque);
    return inbox.barrier(opaque, timeout).isPresent();
  }

  /**
   * Sends an envelope on its Table 5 channel and waits until the implementation has handled it: its
   * credit comes back only after delivery (rtt.md RTT-FLOW-002), so messages that peers on other
   * connections send next are handled after this one.
   *
   * @throws AssertionError when the credit is not back within {@link #DELIVERY}
   */
  public void send(ObjectNode envelope) throws IOException, InterruptedException {
    String type = envelope.path("type").asText();
    int channel =
        envelope.has(MeshEnvelopes.MEMBER)
            ? MeshEnvelopes.channelOf(type)
            : ChannelFamilies.channelOf(envelope.has("hcp") ? Protocol.HCP : Protocol.CIP, type);
    rtt.sendMessage(channel, JsonCanonicalizer.canonicalize(envelope), Frame.MAX_BODY, true);
    inbox.awaitDelivery(
        channel, "peer " + rtt.name() + "'s " + type + " " + envelope.path("msg_id"), DELIVERY);
  }

  /** How long {@link #send} waits for the implementation to take a message. */
  static final Duration DELIVERY = Duration.ofSeconds(5);

  /** The initiator's HELLO: this peer's nonce and challenge [CIP-HS-001]. */
  public ObjectNode hello(String... protocols) {
    ObjectNode p = NODES.objectNode();
    var list = p.putArray("protocols");
    for (String proto : protocols) {
      list.add(proto);
    }
    p.putArray("capabilities");
    p.put("session_nonce", b64(nonce));
    p.put("challenge", b64(challenge));
    features(p);
    return envelope("HELLO", p);
  }

  /** The responder's HELLO answering {@code initiatorHello}, with a right or wrong response. */
  public ObjectNode answerHello(JsonNode initiatorHello, boolean correct) {
    JsonNode p = initiatorHello.path("payload");
    byte[] theirNonce = Base64.getDecoder().decode(p.path("session_nonce").asText());
    byte[] theirChallenge = Base64.getDecoder().decode(p.path("challenge").asText());
    peerNonce = theirNonce;
    ObjectNode h = NODES.objectNode();
    h.putArray("protocols").add("cip/1.0");
    h.putArray("capabilities");
    h.put("session_nonce", b64(nonce));
    h.put("challenge", b64(challenge));
    byte[] response =
        ChallengeResponse.sign(
            rtt.identity(), correct ? theirChallenge : challenge, theirNonce, nonce);
    h.put("challenge_response", b64(response));
    features(h);
    return envelope("HELLO", h);
  }

  /** cip.md Table 3.1 {@code features}, for a peer that takes part in the mesh. */
  private void features(ObjectNode hello) {
    if (supportsMesh) {
      ObjectNode f = hello.putObject("features");
      f.put("supports_mesh", true);
      f.put("supports_multiplex", false);
    }
  }

  /** VERIFY answering the responder's HELLO, with a right or wrong response. */
  public ObjectNode verify(JsonNode responderHello, boolean correct) {
    JsonNode p = responderHello.path("payload");
    byte[] theirNonce = Base64.getDecoder().decode(p.path("session_nonce").asText());
    byte[] theirChallenge = Base64.getDecoder().decode(p.path("challenge").asText());
    peerNonce = theirNonce;
    byte[] signed = correct ? theirChallenge : challenge;
    ObjectNode v = NODES.objectNode();
    v.put(
        "challenge_response",
        b64(ChallengeResponse.sign(rtt.identity(), signed, theirNonce, nonce)));
    return envelope("VERIFY", v);
  }

  /**
   * Whether the responder HELLO's challenge_response answers this peer's challenge with the
   * implementation's key (spec/cip.md §4.2).
   */
  public boolean responderHelloVerifies(JsonNode hello) {
    return responseVerifies(hello, "challenge_response");
  }

  /** Whether a VERIFY's challenge_response answers this peer's challenge. */
  public boolean verifyVerifies(JsonNode verify) {
    return responseVerifies(verify, "challenge_response");
  }

  private boolean responseVerifies(JsonNode envelope, String member) {
    JsonNode p = envelope.path("payload");
    if (!p.path(member).isTextual()) {
      return false;
    }
    try {
      byte[] theirNonce =
          envelope.path("type").asText().equals("HELLO")
              ? Base64.getDecoder().decode(p.path("session_nonce").asText())
              : peerNonce;
      if (theirNonce == null) {
        return false;
      }
      var key =
          org.web4.crypto.AgentPublicKey.fromBase64(
              envelope.path("sender").path("pubkey").asText());
      return ChallengeResponse.verifies(
          key, Base64.getDecoder().decode(p.path(member).asText()), challenge, nonce, theirNonce);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  // ------------------------------------------------------------------------------- receiving

  /**
   * The first envelope of {@code type} the implementation sent that no step took yet, waiting up to
   * {@code timeout}.
   */
  public Optional<JsonNode> awaitEnvelope(String type, Duration timeout)
      throws InterruptedException, IOException {
    return awaitReceived(type, timeout).map(Received::envelope);
  }

  /**
   * The first envelope {@code wanted} accepts that no step took yet, waiting up to {@code timeout}.
   */
  public Optional<JsonNode> awaitMatching(
      java.util.function.Predicate<JsonNode> wanted, Duration timeout)
      throws InterruptedException, IOException {
    return inbox
        .take(a -> a.envelope() != null && wanted.test(a.envelope()), timeout)
        .map(PeerInbox.Arrival::envelope);
  }

  /** As {@link #awaitEnvelope}, with the channel it came on. */
  public Optional<Received> awaitReceived(String type, Duration timeout)
      throws InterruptedException, IOException {
    return inbox
        .take(a -> a.envelope() != null && a.envelope().path("type").asText().equals(type), timeout)
        .map(CipPeer::received);
  }

  /** The first ERROR frame not taken yet. */
  public Optional<ErrorBody> awaitError(Duration timeout) throws InterruptedException, IOException {
    return inbox.take(a -> a.error() != null, timeout).map(PeerInbox.Arrival::error);
  }

  /** Everything received so far but PONGs; an item a step has taken shows as its channel only. */
  public List<Received> received() {
    List<Received> out = new ArrayList<>();
    for (PeerInbox.Arrival a : inbox.all()) {
      if (a.pong() == null) {
        out.add(inbox.isTaken(a) ? new Received(a.channel(), null, null) : received(a));
      }
    }
    return out;
  }

  /**
   * Reads until nothing arrives for {@code quiet}: a PING barrier is better; this is for leftovers.
   */
  public void drain(Duration quiet) throws InterruptedException, IOException {
    inbox.drain(quiet);
  }

  private static Received received(PeerInbox.Arrival a) {
    return new Received(a.channel(), a.envelope(), a.error());
  }

  private UUID uuid() {
    return MessageIds.v4(random.nextLong(), random.nextLong());
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  @Override
  public void close() {
    rtt.close();
  }
}
