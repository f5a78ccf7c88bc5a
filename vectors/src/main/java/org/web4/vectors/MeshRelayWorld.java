package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;
import org.web4.vectors.MeshAgents.Agent;
import org.web4.vectors.MeshRouteSpec.Entry;
import org.web4.vectors.MeshRouteSpec.Route;

/**
 * One case of {@code mesh/mesh_relay_test.json}: the receiving agent's world (neighbours, trust,
 * remembered mesh_ids, MESH_ROUTES received), the MESH_RELAY it receives and the inner envelope it
 * carries. The defaults: self R with neighbours B and C (trusted) and D (probing); B announced the
 * origin A (1 hop), C and D the far agent E (1 hop), D also G8 (8 hops) and G9 (9 hops); the relay
 * comes from B with route [A, B], hop_limit 9, carrying A's INTENT for R.
 */
final class MeshRelayWorld {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final String BROADCAST = "*";
  static final String BROADCAST_FP = "0".repeat(64);

  static final Agent R = MeshAgents.agent("r");
  static final Agent A = MeshAgents.agent("a");
  static final Agent B = MeshAgents.agent("b");
  static final Agent C = MeshAgents.agent("c");
  static final Agent D = MeshAgents.agent("d");
  static final Agent M = MeshAgents.agent("m");
  static final String E = MeshAgents.far(1);
  static final String G8 = MeshAgents.far(8);
  static final String G9 = MeshAgents.far(9);
  static final String X = MeshAgents.far(99);

  static List<Agent> agents() {
    return List.of(R, A, B, C, D, M);
  }

  private static int nextId = 70_000;

  /** Restarts the msg_id and mesh_id sequence, so that every generation gives the same ids. */
  static void resetIds() {
    nextId = 70_000;
  }

  static String newId() {
    UUID id = VectorKeys.msgId(nextId++);
    return id.toString();
  }

  final Map<String, String> neighbourTrust = new TreeMap<>();
  final Map<String, String> neighbourIds = new TreeMap<>();
  final Map<String, String> trust = new TreeMap<>();
  final Set<String> remembered = new TreeSet<>();
  final Map<String, List<Entry>> received = new LinkedHashMap<>();

  Agent from = B;
  Agent origin = A;
  String destination = R.fp();
  int hopLimit = 9;
  List<String> route = new ArrayList<>(List.of(A.fp(), B.fp()));
  String meshId = newId();

  /** The inner envelope before signing; {@link #innerSigner} signs it. */
  ObjectNode inner;

  Agent innerSigner = A;
  @Nullable Consumer<ObjectNode> afterSigning;

  /** Replaces the base64 of the inner bytes (a malformed {@code envelope} member). */
  java.util.function.@Nullable Function<byte[], String> encoding;

  MeshRelayWorld() {
    neighbour(B, "trusted").neighbour(C, "trusted").neighbour(D, "probing");
    received.put(B.fp(), List.of(new Entry(A.fp(), A.agentId(), 1)));
    received.put(C.fp(), List.of(new Entry(E, "far-1", 1)));
    received.put(
        D.fp(),
        List.of(new Entry(E, "far-1", 1), new Entry(G8, "far-8", 8), new Entry(G9, "far-9", 9)));
    inner = inner("cip", "INTENT", A, R.agentId(), R.fp());
  }

  MeshRelayWorld neighbour(Agent a, String state) {
    neighbourTrust.put(a.fp(), state);
    neighbourIds.put(a.fp(), a.agentId());
    return this;
  }

  /** An unsigned inner envelope of the type with its sample payload and blocks. */
  static ObjectNode inner(
      String protocol, String type, Agent sender, String receiverId, String receiverFp) {
    ObjectNode e = NODES.objectNode();
    e.put(protocol, "1.0");
    e.put("msg_id", newId());
    e.put("type", type);
    e.put("timestamp", Timestamps.format(NOW));
    ObjectNode s = e.putObject("sender");
    s.put("agent_id", sender.agentId());
    s.put("fingerprint", sender.fp());
    s.put("pubkey", sender.key().publicKey().base64());
    ObjectNode r = e.putObject("receiver");
    r.put("agent_id", receiverId);
    r.put("fingerprint", receiverFp);
    if (protocol.equals("hcp")) {
      SamplePayloads.blocks(org.web4.envelope.Protocol.HCP, type).forEach(e::set);
    } else if (protocol.equals("lip")) {
      SamplePayloads.blocks(org.web4.envelope.Protocol.LIP, type).forEach(e::set);
    }
    e.set("payload", SamplePayloads.payload(type));
    return e;
  }

  /** The inner envelope addressed to every agent (the broadcast receiver, spec/mesh.md §1). */
  MeshRelayWorld broadcast(String type) {
    destination = BROADCAST;
    inner = inner("cip", type, A, "broadcast", BROADCAST_FP);
    return this;
  }

  MeshRelayWorld to(String destinationFp, String agentId) {
    destination = destinationFp;
    inner = inner("cip", "INTENT", origin, agentId, destinationFp);
    return this;
  }

  byte[] innerBytes() {
    ObjectNode signed = EnvelopeBuilder.signed(inner, innerSigner.key());
    if (afterSigning != null) {
      afterSigning.accept(signed);
    }
    return JsonCanonicalizer.canonicalize(signed);
  }

  /** The routes of the receiving agent (spec/mesh.md §4.2). */
  SortedMap<String, Route> routes() {
    Set<String> blacklisted = new TreeSet<>();
    trust.forEach(
        (fp, state) -> {
          if (state.equals("blacklisted")) {
            blacklisted.add(fp);
          }
        });
    return MeshRouteSpec.routes(R.fp(), neighbourIds, received, blacklisted);
  }

  /** The world and the relay as test fields, before the outcome. */
  ObjectNode fields() {
    byte[] innerBytes = innerBytes();
    String b64 =
        encoding != null
            ? encoding.apply(innerBytes)
            : Base64.getEncoder().encodeToString(innerBytes);
    ObjectNode f = NODES.objectNode();
    ArrayNode n = f.putArray("neighbours");
    neighbourTrust.forEach(
        (fp, state) ->
            n.addObject()
                .put("fingerprint", fp)
                .put("agent_id", neighbourIds.get(fp))
                .put("trust", state));
    ArrayNode t = f.putArray("trust");
    trust.forEach((fp, state) -> t.addObject().put("fingerprint", fp).put("state", state));
    ArrayNode mem = f.putArray("remembered");
    remembered.forEach(mem::add);
    ArrayNode rec = f.putArray("routesReceived");
    received.forEach(
        (fp, entries) -> {
          ObjectNode r = rec.addObject();
          r.put("from", fp);
          MeshRouteVectors.entries(r.putArray("routes"), entries);
        });
    f.put("from", from.fp());
    ObjectNode payload = NODES.objectNode();
    payload.put("mesh_id", meshId);
    payload.put("origin", origin.fp());
    payload.put("destination", destination);
    payload.put("hop_limit", hopLimit);
    ArrayNode r = payload.putArray("route");
    route.forEach(r::add);
    payload.put("envelope", b64);
    f.put(
        "relay",
        new String(JsonCanonicalizer.canonicalize(outer(payload)), StandardCharsets.UTF_8));
    f.put("inner", new String(innerBytes, StandardCharsets.UTF_8));
    return f;
  }

  private ObjectNode outer(JsonNode payload) {
    ObjectNode e = NODES.objectNode();
    e.put("mesh", "1.0");
    e.put("msg_id", newId());
    e.put("type", "MESH_RELAY");
    e.put("timestamp", Timestamps.format(NOW));
    ObjectNode s = e.putObject("sender");
    s.put("agent_id", from.agentId());
    s.put("fingerprint", from.fp());
    s.put("pubkey", from.key().publicKey().base64());
    ObjectNode r = e.putObject("receiver");
    r.put("agent_id", R.agentId());
    r.put("fingerprint", R.fp());
    e.set("payload", payload);
    return EnvelopeBuilder.signed(e, from.key());
  }
}
