package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.mesh.MeshEnvelopes;
import org.web4.conformance.rtt.TesterContext;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;

/**
 * What the mesh steps of one scenario share (spec/mesh.md): the agents a name stands for — a
 * connected tester peer, a <b>far</b> agent whose key the tester holds but that has no connection
 * (its identity {@code TesterPeer.identityOf(name, seed)}, its agent_id its name), or {@code
 * "implementation"} —, the inner envelopes and MESH_RELAYs the tester sent by name, the routes each
 * peer announced, and the two checks every mesh step class needs: await a MESH_RELAY the
 * implementation sent to a peer (bounded), and the absence of any MESH_RELAY or ERROR after every
 * peer's PING barrier (rtt.md RTT-FR-006). One per scenario, injected.
 */
public final class Mesh {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The name that stands for the implementation in mesh steps. */
  static final String IMPLEMENTATION = "implementation";

  /** A MESH_RELAY the tester sent, and the inner envelope it carries. */
  record Relay(
      String meshId,
      String origin,
      String destination,
      int hopLimit,
      List<String> route,
      String envelope,
      ObjectNode inner) {
    String innerMsgId() {
      return inner.path("msg_id").asText();
    }

    ObjectNode payload() {
      return MeshEnvelopes.relayPayload(meshId, origin, destination, hopLimit, route, envelope);
    }
  }

  private final World world;
  private final Peers peers;
  private final CipState cip;
  private final Map<String, Relay> relays = new HashMap<>();
  private final Map<String, Map<String, Integer>> announced = new HashMap<>();
  private final Map<String, String> agentIds = new HashMap<>();
  private JsonNode harnessSent = NODES.nullNode();
  private String harnessType = "";

  public Mesh(World world, Peers peers, CipState cip) {
    this.world = world;
    this.peers = peers;
    this.cip = cip;
  }

  // ------------------------------------------------------------------------------ names

  /** The fingerprint a name stands for: a tester peer's, a far agent's or the implementation's. */
  String fingerprint(String name) {
    if (name.equals(IMPLEMENTATION)) {
      return implementation().implementationFingerprint();
    }
    if (name.equals(MeshEnvelopes.BROADCAST)) {
      return MeshEnvelopes.BROADCAST;
    }
    return peers.fingerprintOf(name);
  }

  /** The agent_id a name stands for (a far agent's is its name). */
  String agentId(String name) {
    if (name.equals(IMPLEMENTATION)) {
      return implementation().implementationAgentId();
    }
    return peers.isPeer(name) ? TesterPeer.AGENT_ID : agentIds.getOrDefault(name, name);
  }

  /** The key a tester peer or far agent signs with. */
  AgentKeyPair key(String name) {
    return TesterPeer.identityOf(name, world.seed());
  }

  /** The fingerprints of a comma-separated list of names, in order. */
  List<String> fingerprints(String names) {
    return list(names).stream().map(this::fingerprint).toList();
  }

  /**
   * Whether two JSON values are the same value (their RFC 8785 forms are equal): the strict parser
   * reads numbers as it likes, so node equality would tell 1 from 1L.
   */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return JsonCanonicalizer.canonicalString(a).equals(JsonCanonicalizer.canonicalString(b));
  }

  /** The items of a comma-separated list, stripped; none for a blank text. */
  static List<String> list(String commaSeparated) {
    List<String> out = new ArrayList<>();
    for (String n : commaSeparated.split(",", -1)) {
      if (!n.isBlank()) {
        out.add(n.strip());
      }
    }
    return out;
  }

  /** The name of a fingerprint among the given names, or the fingerprint itself. */
  String nameOf(String fingerprint, List<String> names) {
    for (String n : names) {
      if (fingerprint(n).equals(fingerprint)) {
        return n;
      }
    }
    return fingerprint.equals(fingerprint(IMPLEMENTATION)) ? IMPLEMENTATION : fingerprint;
  }

  /** Any connected peer's view of the implementation (its identity from the RTT payload). */
  CipPeer implementation() {
    List<String> connected = peers.connected();
    if (connected.isEmpty()) {
      throw new IllegalStateException("no peer is connected: a Given step must connect one");
    }
    return peers.cip(connected.get(0));
  }

  // ------------------------------------------------------------------------------ envelopes

  /**
   * An inner envelope of {@code type} from {@code origin} (signed by its key) to {@code
   * destination} (a name, or {@code *} for the broadcast receiver), stamped now.
   */
  ObjectNode inner(String type, String origin, String destination, ObjectNode payload) {
    UUID msgId = world.freshUuid();
    Instant at = Instant.ofEpochMilli(TesterContext.clock().millis());
    boolean broadcast = destination.equals(MeshEnvelopes.BROADCAST);
    String toId = broadcast ? MeshEnvelopes.BROADCAST_AGENT_ID : agentId(destination);
    String toFp = broadcast ? MeshEnvelopes.BROADCAST_FINGERPRINT : fingerprint(destination);
    AgentKeyPair key = key(origin);
    if (type.startsWith("MESH_")) {
      return MeshEnvelopes.signed(
          MeshEnvelopes.unsigned(type, msgId, at, agentId(origin), key, toId, toFp, payload), key);
    }
    return EnvelopeBuilder.of(Protocol.CIP, type)
        .msgId(msgId)
        .timestamp(at)
        .sender(agentId(origin), key)
        .receiver(toId, toFp)
        .payload(payload)
        .sign(key);
  }

  /** A conforming payload of a CIP type a MESH_RELAY may carry; {@code fact} names a fact. */
  ObjectNode samplePayload(String type, String fact) {
    ObjectNode p = NODES.objectNode();
    switch (type) {
      case "INTENT" -> {
        p.put("goal", "ask");
        p.put("topic", "conformance");
        p.put("priority", "normal");
      }
      case "FACT_PROPOSE" -> {
        ObjectNode f = p.putObject("fact");
        f.put("statement", "statement " + fact);
        f.put("domain", "conformance");
        f.put("confidence", 0.9);
        f.putArray("sources");
        p.set("dmp_trace", trace());
      }
      case "FACT_CONFIRM" -> {
        p.put("fact_ref", cip.factId(fact));
        p.put("decision", "confirm");
        p.put("confidence", 1);
      }
      case "DECISION_SHARE" -> {
        ObjectNode d = p.putObject("decision");
        d.put("choice", "relay");
        d.put("outcome", "shared");
        p.set("dmp_trace", trace());
      }
      case "MESH_UNDELIVERABLE" -> {
        p.put("mesh_id", world.freshUuid().toString());
        p.put("msg_id", world.freshUuid().toString());
        p.put("code", "UNREACHABLE");
      }
      case "HELLO" -> {
        p.putArray("protocols").add("cip/1.0");
        p.putArray("capabilities");
        p.put("session_nonce", "A".repeat(43) + "=");
        p.put("challenge", "A".repeat(43) + "=");
      }
      default -> throw new IllegalArgumentException("no sample payload for " + type);
    }
    return p;
  }

  private ObjectNode trace() {
    ObjectNode t = NODES.objectNode();
    t.put("decision_id", world.freshUuid().toString());
    t.putArray("steps").add("observed");
    t.putArray("evidence");
    return t;
  }

  // ------------------------------------------------------------------------------ relays

  /** Remembers a relay the tester sends under a name; a relayed proposal names its fact. */
  void relayed(String name, Relay relay) {
    relays.put(name, relay);
    if (relay.inner().path("type").asText().equals("FACT_PROPOSE")) {
      cip.proposed(name, relay.innerMsgId());
    }
  }

  /** The route record of a relay sent again by {@code peer}: its last entry replaced. */
  List<String> routeVia(Relay r, String peer) {
    List<String> route = new ArrayList<>(r.route().subList(0, r.route().size() - 1));
    route.add(fingerprint(peer));
    return List.copyOf(route);
  }

  Relay relay(String name) {
    Relay r = relays.get(name);
    if (r == null) {
      throw new IllegalStateException("no relay named \"" + name + "\" was sent");
    }
    return r;
  }

  /**
   * Sends a MESH_RELAY with this payload as the named peer (waits until it is handled). What the
   * implementation remembers of it (mesh_ids, msg_ids, trust) is reset when the scenario ends.
   */
  void send(String peer, ObjectNode payload) throws Exception {
    world.resetAtEnd();
    peers.send(peer, peers.cip(peer).meshEnvelope("MESH_RELAY", payload));
  }

  /** What harness {@code mesh/send} answered last, and the type it was asked to send. */
  void sentByHarness(JsonNode reply, String type) {
    harnessSent = reply;
    harnessType = type;
  }

  JsonNode harnessSent() {
    if (harnessSent.isNull()) {
      throw new IllegalStateException("no mesh/send was asked for");
    }
    return harnessSent;
  }

  String harnessType() {
    return harnessType;
  }

  // ------------------------------------------------------------------------------ routes

  /** What the named peer announces from now on: its table with one more destination. */
  Map<String, Integer> announce(String peer, String destination, int hops) {
    world.resetAtEnd();
    Map<String, Integer> table = announced.computeIfAbsent(peer, p -> new java.util.TreeMap<>());
    table.put(destination, hops);
    if (!peers.isPeer(destination)) {
      agentIds.put(destination, destination);
    }
    return table;
  }

  // ------------------------------------------------------------------------------ receiving

  /**
   * The next MESH_RELAY the named peer received that {@code wanted} accepts, within {@link
   * Peers#ANSWER}; those it skips stay for later steps.
   */
  JsonNode awaitRelay(String peer, String what, Predicate<JsonNode> wanted) throws Exception {
    CipPeer p = peers.cip(peer);
    Optional<JsonNode> got =
        p.awaitMatching(
            e -> e.path("type").asText().equals("MESH_RELAY") && wanted.test(e), Peers.ANSWER);
    if (got.isEmpty()) {
      throw world.failure(
          what
              + " for peer "
              + peer
              + " within "
              + Peers.ANSWER.toSeconds()
              + " s; received "
              + p.received());
    }
    return got.get();
  }

  void forwardedTo(String peer, String name) throws Exception {
    Relay r = relay(name);
    JsonNode got =
        awaitRelay(
            peer,
            "the MESH_RELAY " + name + " (mesh_id " + r.meshId() + ") forwarded",
            e -> e.path("payload").path("mesh_id").asText().equals(r.meshId()));
    List<String> route = new ArrayList<>(r.route());
    route.add(fingerprint(IMPLEMENTATION));
    ObjectNode expected =
        MeshEnvelopes.relayPayload(
            r.meshId(), r.origin(), r.destination(), r.hopLimit(), route, r.envelope());
    if (!sameJson(got.path("payload"), expected)) {
      throw world.failure(
          "the forwarded payload " + expected + " (envelope byte-identical); got " + got);
    }
    checkOwnEnvelope(got, peer);
  }

  /** The MESH_RELAY is the implementation's own envelope, for this peer (spec/mesh.md §4.3). */
  private void checkOwnEnvelope(JsonNode got, String peer) {
    String iut = fingerprint(IMPLEMENTATION);
    if (!got.path(MeshEnvelopes.MEMBER).asText().equals("1.0")
        || !got.path("sender").path("fingerprint").asText().equals(iut)
        || !got.path("receiver").path("fingerprint").asText().equals(fingerprint(peer))) {
      throw world.failure(
          "a mesh 1.0 envelope from the implementation ("
              + iut
              + ") to peer "
              + peer
              + "; got "
              + got);
    }
  }

  /** The inner envelope of a MESH_RELAY the implementation sent, or a failure saying why not. */
  JsonNode innerOf(JsonNode relay) {
    return MeshEnvelopes.inner(relay)
        .orElseThrow(() -> world.failure("an inner envelope in base64; got " + relay));
  }

  /**
   * After every connected peer's PING barrier, no peer holds a MESH_RELAY or an ERROR that no step
   * took: the implementation sent nothing because of what the peers sent (MESH-RLY-002, 003).
   */
  void nothingSent(String because) throws Exception {
    peers.barrierAll();
    for (String name : peers.connected()) {
      for (CipPeer.Received r : peers.cip(name).received()) {
        JsonNode e = r.envelope();
        if (r.error() != null
            || (e != null && e.path("type").asText().equals("MESH_RELAY"))
            || (e != null && e.path("type").asText().startsWith("INTENT"))) {
          throw world.failure(
              "nothing sent to peer " + name + " because of " + because + "; got " + r);
        }
      }
    }
  }

  /** After the named peer's barrier, it holds no MESH_RELAY that no step took. */
  void noRelayFor(String peer) throws Exception {
    peers.barrierAll();
    for (CipPeer.Received r : peers.cip(peer).received()) {
      JsonNode e = r.envelope();
      if (e != null && e.path("type").asText().equals("MESH_RELAY")) {
        throw world.failure("no MESH_RELAY for peer " + peer + "; got " + e);
      }
    }
  }
}
