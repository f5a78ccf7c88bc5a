package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.lip.LipPeer;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.crypto.AgentPublicKey;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.noise.NoiseException;

/**
 * The scenario's named tester peers, each with its own identity and RTT connection, and the checks
 * every protocol's steps share: send as a peer, await what the implementation must answer it
 * (bounded), and the PING barrier (rtt.md RTT-FR-006) that absence checks wait on. One per
 * scenario, injected like {@link World}.
 */
public final class Peers {
  /** How long a peer waits for an answer the spec says must come. */
  static final Duration ANSWER = Duration.ofSeconds(5);

  /** How long a LIP peer waits: LIP-RPL-003's 5 s plus 1 s. */
  static final Duration LIP_ANSWER = ANSWER.plusSeconds(1);

  private final World world;
  private final Map<String, CipPeer> cip = new LinkedHashMap<>();
  private final Map<String, LipPeer> lip = new HashMap<>();
  private final Map<String, JsonNode> lastSent = new HashMap<>();
  private final Set<String> ended = new HashSet<>();
  private final Set<String> withoutMesh = new HashSet<>();
  private boolean mesh;

  public Peers(World world) {
    this.world = world;
  }

  // ------------------------------------------------------------------------------ the peers

  /** Connects the named peer to the implementation and completes the RTT handshake. */
  void connect(String name) throws IOException, NoiseException, JsonViolation {
    world.useCurrentTime();
    TesterPeer rtt =
        world.closeAtEnd(
            TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed(), name));
    rtt.handshake();
    add(name, rtt);
  }

  /**
   * Names a peer whose RTT handshake is complete; it speaks CIP (and HCP) to the implementation's
   * identity from its payload, with nonces and msg_ids drawn from the scenario's seed.
   */
  void add(String name, TesterPeer rtt) throws JsonViolation {
    CipPeer p = new CipPeer(rtt, world.derivedSeed("cip/" + name));
    p.supportsMesh(mesh && !withoutMesh.contains(name));
    JsonNode payload = implementationPayload(rtt);
    p.peerIs(
        payload.path("agent_id").asText(),
        AgentPublicKey.fromBase64(payload.path("pubkey").asText()).fingerprint());
    cip.put(name, p);
  }

  /** The named peer as a CIP (and HCP) speaker; a Given step must have connected it. */
  CipPeer cip(String name) {
    CipPeer p = cip.get(name);
    if (p == null) {
      throw new IllegalStateException("no peer \"" + name + "\": a Given step must connect it");
    }
    return p;
  }

  /**
   * The named peer as a LIP speaker (its receive loop from the first LIP step on); a Given step
   * must have connected it.
   */
  LipPeer lip(String name) throws JsonViolation {
    LipPeer p = lip.get(name);
    if (p != null) {
      return p;
    }
    TesterPeer rtt = cip(name).rtt();
    JsonNode payload = implementationPayload(rtt);
    p =
        new LipPeer(
            rtt,
            payload.path("agent_id").asText(),
            AgentPublicKey.fromBase64(payload.path("pubkey").asText()).fingerprint(),
            world.derivedSeed("lip/" + name));
    lip.put(name, p);
    return p;
  }

  /** Every peer closes its connection. */
  void closeAll() {
    cip.forEach(
        (name, p) -> {
          p.close();
          ended.add(name);
        });
  }

  /** The named peer ended its connection: barriers leave it out from now on. */
  void ended(String name) {
    ended.add(name);
  }

  /**
   * From now on every peer connected says {@code supports_mesh} in its HELLO (spec/mesh.md §4.1),
   * but those named in {@link #withoutMesh}.
   */
  void supportMesh() {
    mesh = true;
  }

  /** The named peer, once connected, will not say {@code supports_mesh}. */
  void withoutMesh(String name) {
    withoutMesh.add(name);
  }

  /** The names of the peers connected so far whose connection has not ended, in order. */
  java.util.List<String> connected() {
    return cip.keySet().stream().filter(n -> !ended.contains(n)).toList();
  }

  /** Whether the name is a tester peer's (a Given step connected it), not a far agent's. */
  boolean isPeer(String name) {
    return cip.containsKey(name);
  }

  /** The identity the named peer has in this scenario (TesterPeer.identityOf). */
  String fingerprintOf(String name) {
    return TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
  }

  private static JsonNode implementationPayload(TesterPeer rtt) throws JsonViolation {
    return StrictJsonParser.withEnvelopeLimits().parse(rtt.peerPayload().orElseThrow());
  }

  // ------------------------------------------------------------------------------ sending

  /**
   * Sends {@code envelope} as the named peer, remembered as its last sent; returns once the
   * implementation has handled it (the delivery barrier of {@code CipPeer.send}).
   */
  void send(String name, ObjectNode envelope) throws IOException {
    lastSent.put(name, envelope);
    try {
      cip(name).send(envelope);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** Remembers an envelope a peer sent through its LIP view. */
  void sent(String name, ObjectNode envelope) {
    lastSent.put(name, envelope);
  }

  /** The envelope the named peer sent last, or a missing node. */
  JsonNode lastSent(String name) {
    return lastSent.getOrDefault(name, MissingNode.getInstance());
  }

  /** The msg_id of the envelope the named peer sent last ("" when none). */
  String lastMsgId(String name) {
    return lastSent(name).path("msg_id").asText();
  }

  // ------------------------------------------------------------------------------ receiving

  /** The next envelope of {@code type} the named peer received within {@link #ANSWER}. */
  JsonNode receives(String name, String type) throws Exception {
    CipPeer p = cip(name);
    Optional<JsonNode> e = p.awaitEnvelope(type, ANSWER);
    if (e.isEmpty()) {
      throw world.failure(
          "a "
              + type
              + " for peer "
              + name
              + " within "
              + ANSWER.toSeconds()
              + " s; received "
              + p.received());
    }
    return e.get();
  }

  /**
   * The implementation refused the named peer's last message with a non-closing ERROR of {@code
   * code} naming its msg_id, within {@link #ANSWER}.
   */
  void refused(String name, String code) throws Exception {
    Optional<ErrorBody> e = cip(name).awaitError(ANSWER);
    if (e.isEmpty()) {
      throw world.failure(
          "an ERROR "
              + code
              + " for the message of "
              + name
              + " within "
              + ANSWER.toSeconds()
              + " s");
    }
    String msgId = lastMsgId(name);
    if (!e.get().code().equals(code) || !msgId.equals(e.get().msgId())) {
      throw world.failure(
          "ERROR "
              + code
              + " naming msg_id "
              + msgId
              + "; got "
              + e.get().code()
              + " "
              + e.get().msgId()
              + " ("
              + e.get().text()
              + ")");
    }
  }

  /**
   * The implementation took the named peer's last message: after the peer's barrier, no ERROR names
   * its msg_id.
   */
  void accepted(String name) throws Exception {
    String msgId = lastMsgId(name);
    barrier(name);
    for (CipPeer.Received r : cip(name).received()) {
      ErrorBody e = r.error();
      if (e != null && msgId.equals(e.msgId())) {
        throw world.failure("no ERROR for " + msgId + "; got " + e.code() + " (" + e.text() + ")");
      }
    }
  }

  // ------------------------------------------------------------------------------ handshakes

  /**
   * Connects the named peer and completes the CIP handshake as initiator (cip.md §4.2): HELLO, the
   * implementation's HELLO whose challenge response verifies, VERIFY, its STATE_UPDATE, and a
   * barrier, so that the implementation has finished with the handshake before the next step.
   */
  void completeCipHandshake(String name) throws Exception {
    connect(name);
    send(name, cip(name).hello("cip/1.0"));
    JsonNode hello = receives(name, "HELLO");
    if (!cip(name).responderHelloVerifies(hello)) {
      throw world.failure("a responder HELLO whose challenge_response verifies");
    }
    send(name, cip(name).verify(hello, true));
    receives(name, "STATE_UPDATE");
    barrier(name);
  }

  // ------------------------------------------------------------------------------ barriers

  /**
   * The PING barrier (rtt.md RTT-FR-006): the named peer sends a PING and reads until its PONG, so
   * that the implementation has handled every frame the peer sent before, and everything it sent in
   * answer is in the peer's inbox. Fails the step when no PONG comes within the bound.
   */
  void barrier(String name) throws Exception {
    LipPeer l = lip.get(name);
    boolean answered = l != null ? l.barrier(LIP_ANSWER) : cip(name).barrier(ANSWER);
    if (!answered) {
      throw world.failure(
          "the PONG of peer "
              + name
              + "'s barrier PING within "
              + (l != null ? LIP_ANSWER : ANSWER).toSeconds()
              + " s (rtt.md RTT-FR-006)");
    }
  }

  /**
   * The PING barrier on every connected peer: the implementation has handled every frame any peer
   * sent so far, and reported what that made it do.
   */
  void barrierAll() throws Exception {
    for (String name : new ArrayList<>(cip.keySet())) {
      if (!ended.contains(name)) {
        barrier(name);
      }
    }
  }
}
