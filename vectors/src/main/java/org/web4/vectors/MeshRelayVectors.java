package org.web4.vectors;

import static org.web4.vectors.MeshRelayWorld.A;
import static org.web4.vectors.MeshRelayWorld.B;
import static org.web4.vectors.MeshRelayWorld.C;
import static org.web4.vectors.MeshRelayWorld.E;
import static org.web4.vectors.MeshRelayWorld.G8;
import static org.web4.vectors.MeshRelayWorld.G9;
import static org.web4.vectors.MeshRelayWorld.M;
import static org.web4.vectors.MeshRelayWorld.R;
import static org.web4.vectors.MeshRelayWorld.X;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.Timestamps;
import org.web4.vectors.MeshRouteSpec.Route;

/**
 * {@code mesh/mesh_relay_test.json}: what an agent does with one MESH_RELAY (spec/mesh.md §4.3):
 * the step of Table 4.3a that fails and its code or drop reason, or what step R6 does (deliver,
 * forward to which neighbour with which route record, or not forward for HOP_LIMIT / UNREACHABLE
 * and send the MESH_UNDELIVERABLE towards the origin). Every row of Tables 4.3a and 4.3b.
 */
final class MeshRelayVectors {
  static final String PATH = "mesh/mesh_relay_test.json";

  private static final List<String> CIP =
      List.of(
          "HELLO",
          "VERIFY",
          "STATE_UPDATE",
          "INTENT",
          "INTENT_RESPONSE",
          "FACT_PROPOSE",
          "FACT_CHALLENGE",
          "FACT_CONFIRM",
          "FACT_REJECT",
          "DECISION_SHARE");
  private static final List<String> HCP =
      List.of(
          "HCP_HELLO",
          "HCP_INTENT",
          "HCP_CONTEXT",
          "HCP_DECISION",
          "HCP_FEEDBACK",
          "HCP_STATE_UPDATE");
  private static final List<String> LIP =
      List.of("LIP_FETCH", "LIP_EVIDENCE", "LIP_CONFLICT", "LIP_ACCEPT", "LIP_REJECT");
  private static final List<String> MESH =
      List.of("MESH_RELAY", "MESH_ROUTES", "MESH_UNDELIVERABLE", "MESH_VOUCH");

  /** Table 4.3b: the types a unicast MESH_RELAY may carry, and those a broadcast may. */
  private static final List<String> UNICAST =
      List.of(
          "INTENT",
          "INTENT_RESPONSE",
          "FACT_CHALLENGE",
          "FACT_CONFIRM",
          "FACT_REJECT",
          "FACT_PROPOSE",
          "DECISION_SHARE",
          "MESH_UNDELIVERABLE");

  private static final List<String> BROADCASTABLE = List.of("FACT_PROPOSE", "DECISION_SHARE");

  private final VectorFile file;
  private final ObjectNode group;

  private MeshRelayVectors(VectorFile file, ObjectNode group) {
    this.file = file;
    this.group = group;
  }

  static VectorFile build() {
    MeshRelayWorld.resetIds();
    VectorFile file =
        new VectorFile(
            PATH,
            "Web4-MESH-Relay",
            "vectors/mesh_relay_test.schema.json",
            List.of(
                "One MESH_RELAY received by the agent self from the neighbour from (spec/mesh.md"
                    + " section 4.3): relay is the outer envelope (valid: it passed the ten steps of"
                    + " envelope.md section 13 at now), inner the bytes its envelope member carries"
                    + " as text.",
                "The agent's world: neighbours (fingerprint, agent_id, trust), trust (the state of"
                    + " other agents it knows; any other agent is untrusted and unknown),"
                    + " remembered (mesh_ids it remembers) and routesReceived (the latest"
                    + " MESH_ROUTES of each neighbour, section 4.2).",
                "outcome: step is the step of Table 4.3a that decides (R1..R5 fail, R6 accepts);"
                    + " action refuse (a non-closing ERROR with error), drop (reason, nothing sent)"
                    + " or accept; for accept, deliver (section 4.4), forwardTo (the neighbours the"
                    + " forwarded MESH_RELAY goes to) with forwardedRoute, notForwarded (HOP_LIMIT"
                    + " or UNREACHABLE) and undeliverableTo (the neighbour the MESH_UNDELIVERABLE to"
                    + " the origin goes to, the origin itself when it is a neighbour; null when"
                    + " none is sent)."));
    file.note("RouteRecord", "Functionality", "Step R1: the route record.")
        .note("Duplicate", "Functionality", "Step R2: a remembered mesh_id is dropped.")
        .note("Loop", "Functionality", "Step R3: the agent's own fingerprint in the route record.")
        .note("InnerEnvelope", "Functionality", "Step R4: the inner envelope and its base64.")
        .note("Carried", "Functionality", "Table 4.3b: what a MESH_RELAY may carry.")
        .note("Blacklisted", "Functionality", "Step R5: a blacklisted origin.")
        .note("StepOrder", "EdgeCase", "Two steps fail: the earlier decides.")
        .note("Forward", "Functionality", "Step R6: delivery and forwarding.")
        .note("Undeliverable", "Functionality", "HOP_LIMIT and UNREACHABLE, and the answer.");
    ObjectNode g = file.group("MeshRelay");
    g.put("source", "spec/mesh.md section 4.3, Tables 4.3a and 4.3b");
    g.put("now", Timestamps.format(MeshRelayWorld.NOW));
    ObjectNode self = g.putObject("self");
    self.put("agent_id", R.agentId());
    self.put("fingerprint", R.fp());
    g.set("agents", MeshAgents.list(MeshRelayWorld.agents()));
    MeshRelayVectors v = new MeshRelayVectors(file, g);
    v.routeRecord();
    v.memoryAndLoops();
    v.innerEnvelope();
    v.carried();
    v.blacklisted();
    v.forwarding();
    return file;
  }

  private static MeshRelayWorld world(Consumer<MeshRelayWorld> change) {
    MeshRelayWorld w = new MeshRelayWorld();
    change.accept(w);
    return w;
  }

  private void routeRecord() {
    String rly = "MESH-RLY-001";
    refuse(
        "R1: the last entry is not the session peer",
        "RouteRecord",
        rly,
        "R1",
        "RELAY",
        world(w -> w.route = new ArrayList<>(List.of(A.fp(), C.fp()))));
    refuse(
        "R1: the first entry is not the origin",
        "RouteRecord",
        rly,
        "R1",
        "RELAY",
        world(w -> w.route = new ArrayList<>(List.of(C.fp(), B.fp()))));
    refuse(
        "R1: a fingerprint appears twice",
        "RouteRecord",
        rly,
        "R1",
        "RELAY",
        world(w -> w.route = new ArrayList<>(List.of(A.fp(), C.fp(), A.fp(), B.fp()))));
    refuse(
        "R1: more entries than hop_limit (3 > 2)",
        "RouteRecord",
        rly,
        "R1",
        "RELAY",
        world(
            w -> {
              w.hopLimit = 2;
              w.route = new ArrayList<>(List.of(A.fp(), C.fp(), B.fp()));
            }));
    refuse(
        "R1 before R2: a remembered mesh_id with a bad route record",
        "StepOrder",
        rly,
        "R1",
        "RELAY",
        world(
            w -> {
              w.remembered.add(w.meshId);
              w.route = new ArrayList<>(List.of(A.fp(), C.fp()));
            }));
  }

  private void memoryAndLoops() {
    drop(
        "R2: a remembered mesh_id",
        "Duplicate",
        "MESH-RLY-002",
        "R2",
        "duplicate",
        world(w -> w.remembered.add(w.meshId)));
    drop(
        "R2 before R3: a remembered mesh_id whose route record holds the agent",
        "StepOrder",
        "MESH-RLY-002",
        "R2",
        "duplicate",
        world(
            w -> {
              w.remembered.add(w.meshId);
              w.route = new ArrayList<>(List.of(A.fp(), R.fp(), B.fp()));
            }));
    drop(
        "R3: the agent's own fingerprint in the route record",
        "Loop",
        "MESH-RLY-003",
        "R3",
        "loop",
        world(w -> w.route = new ArrayList<>(List.of(A.fp(), R.fp(), B.fp()))));
    drop(
        "R3 before R4: a loop carrying a badly signed inner envelope",
        "StepOrder",
        "MESH-RLY-003",
        "R3",
        "loop",
        world(
            w -> {
              w.route = new ArrayList<>(List.of(A.fp(), R.fp(), B.fp()));
              w.afterSigning = s -> s.withObjectProperty("payload").put("topic", "tampered");
            }));
  }

  private void innerEnvelope() {
    String rly = "MESH-RLY-001";
    refuse(
        "R4: base64 whose unused bits are not zero",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(
            w -> {
              unaligned(w);
              w.encoding = MeshRelayVectors::nonZeroUnusedBits;
            }));
    refuse(
        "R4: base64 without its padding",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(
            w -> {
              unaligned(w);
              w.encoding = b -> Base64.getEncoder().withoutPadding().encodeToString(b);
            }));
    refuse(
        "R4: base64 of bytes that are not JSON (steps 1-9: INVALID_ENVELOPE)",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(w -> w.encoding = b -> Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})));
    refuse(
        "R4: the inner signature does not verify (step 7)",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(w -> w.afterSigning = s -> s.withObjectProperty("payload").put("topic", "tampered")));
    refuse(
        "R4: the inner timestamp is 301 s ahead of the clock (step 8)",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(
            w -> w.inner.put("timestamp", Timestamps.format(MeshRelayWorld.NOW.plusSeconds(301)))));
    accept(
        "R4 passes: the inner timestamp is 300 s ahead of the clock",
        "InnerEnvelope",
        List.of("MESH-RLY-001", "MESH-DEL-001"),
        world(
            w -> w.inner.put("timestamp", Timestamps.format(MeshRelayWorld.NOW.plusSeconds(300)))));
    refuse(
        "R4: the inner payload does not conform (step 9: INTENT without goal)",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(w -> w.inner.withObjectProperty("payload").remove("goal")));
    refuse(
        "R4: the inner sender is not the origin",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(
            w -> {
              w.inner = MeshRelayWorld.inner("cip", "INTENT", C, R.agentId(), R.fp());
              w.innerSigner = C;
            }));
    refuse(
        "R4: the inner receiver is not the destination",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(w -> w.destination = C.fp()));
    refuse(
        "R4: a broadcast whose inner receiver is not the broadcast receiver",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(
            w -> {
              w.broadcast("FACT_PROPOSE");
              w.inner.withObjectProperty("receiver").put("fingerprint", R.fp());
            }));
    refuse(
        "R4: a unicast relay whose inner receiver is the broadcast receiver",
        "InnerEnvelope",
        rly,
        "R4",
        "RELAY",
        world(
            w -> {
              w.inner =
                  MeshRelayWorld.inner(
                      "cip", "FACT_PROPOSE", A, "broadcast", MeshRelayWorld.BROADCAST_FP);
            }));
    refuse(
        "R4 before R5: a blacklisted origin with a badly signed inner envelope",
        "StepOrder",
        rly,
        "R4",
        "RELAY",
        world(
            w -> {
              w.trust.put(A.fp(), "blacklisted");
              w.afterSigning = s -> s.withObjectProperty("payload").put("topic", "tampered");
            }));
  }

  private void carried() {
    Map<String, List<String>> protocols = Map.of("cip", CIP, "hcp", HCP, "lip", LIP, "mesh", MESH);
    for (String protocol : List.of("cip", "hcp", "lip", "mesh")) {
      for (String type : protocols.getOrDefault(protocol, List.of())) {
        MeshRelayWorld unicast =
            world(w -> w.inner = MeshRelayWorld.inner(protocol, type, A, R.agentId(), R.fp()));
        String u = "Table 4.3b: " + protocol + " " + type + " to one agent";
        if (UNICAST.contains(type)) {
          accept(u + ": carried", "Carried", List.of("MESH-RLY-001", "MESH-DEL-001"), unicast);
        } else {
          refuse(u + ": not carried", "Carried", "MESH-RLY-001", "R4", "RELAY", unicast);
        }
        MeshRelayWorld broadcast =
            world(
                w -> {
                  w.destination = MeshRelayWorld.BROADCAST;
                  w.inner =
                      MeshRelayWorld.inner(
                          protocol, type, A, "broadcast", MeshRelayWorld.BROADCAST_FP);
                });
        String b = "Table 4.3b: " + protocol + " " + type + " to every agent";
        if (BROADCASTABLE.contains(type)) {
          accept(b + ": carried", "Carried", List.of("MESH-RLY-001", "MESH-RLY-008"), broadcast);
        } else {
          refuse(b + ": not carried", "Carried", "MESH-RLY-001", "R4", "RELAY", broadcast);
        }
      }
    }
  }

  private void blacklisted() {
    refuse(
        "R5: the origin is blacklisted",
        "Blacklisted",
        "MESH-RLY-004",
        "R5",
        "TRUST_VIOLATION",
        world(w -> w.trust.put(A.fp(), "blacklisted")));
    accept(
        "R5 passes: an untrusted origin (only blacklisted fails)",
        "Blacklisted",
        List.of("MESH-RLY-004", "MESH-DEL-001"),
        world(w -> w.trust.put(A.fp(), "untrusted")));
  }

  private void forwarding() {
    List<String> fwd = List.of("MESH-RLY-005");
    accept(
        "R6: for the agent itself: delivered, not forwarded",
        "Forward",
        List.of("MESH-DEL-001"),
        world(w -> {}));
    accept(
        "R6: for a neighbour: forwarded to it",
        "Forward",
        fwd,
        world(w -> w.to(C.fp(), C.agentId())));
    accept(
        "R6: for a far agent: forwarded to the least of two 1-hop announcers",
        "Forward",
        fwd,
        world(w -> w.to(E, "far-1")));
    accept(
        "R6: for a far agent 9 hops away (announced with 8): forwarded",
        "Forward",
        List.of("MESH-RLY-005", "MESH-RTE-003"),
        world(w -> w.to(G8, "far-8")));
    accept(
        "R6: a route record of hop_limit - 1 entries is forwarded",
        "Forward",
        fwd,
        world(
            w -> {
              w.to(C.fp(), C.agentId());
              w.hopLimit = 3;
            }));
    List<String> hop = List.of("MESH-RLY-006");
    accept(
        "R6: hop_limit entries, not for the agent: HOP_LIMIT to the origin",
        "Undeliverable",
        hop,
        world(
            w -> {
              w.to(C.fp(), C.agentId());
              w.hopLimit = 2;
            }));
    accept(
        "R6: HOP_LIMIT with a MESH_UNDELIVERABLE inside: nothing sent back",
        "Undeliverable",
        hop,
        world(
            w -> {
              w.inner = MeshRelayWorld.inner("mesh", "MESH_UNDELIVERABLE", A, C.agentId(), C.fp());
              w.destination = C.fp();
              w.hopLimit = 2;
            }));
    List<String> unr = List.of("MESH-RLY-007");
    accept(
        "R6: no route to the destination: UNREACHABLE to the origin",
        "Undeliverable",
        unr,
        world(w -> w.to(X, "far-99")));
    accept(
        "R6: a route of 10 hops does not count: UNREACHABLE",
        "Undeliverable",
        List.of("MESH-RLY-007", "MESH-RTE-003"),
        world(w -> w.to(G9, "far-9")));
    accept(
        "R6: the route's neighbour is in the route record: UNREACHABLE, no second best",
        "Undeliverable",
        unr,
        world(
            w -> {
              w.to(E, "far-1");
              String via = java.util.Objects.requireNonNull(w.routes().get(E)).via();
              w.route = new ArrayList<>(List.of(A.fp(), via, B.fp()));
            }));
    accept(
        "R6: back towards the neighbour it came from: UNREACHABLE",
        "Undeliverable",
        unr,
        world(w -> w.to(B.fp(), B.agentId())));
    accept(
        "R6: a blacklisted destination has no route: UNREACHABLE",
        "Undeliverable",
        unr,
        world(
            w -> {
              w.to(E, "far-1");
              w.trust.put(E, "blacklisted");
            }));
    accept(
        "R6: UNREACHABLE with no route back to the origin: nothing sent",
        "Undeliverable",
        unr,
        world(
            w -> {
              w.origin = M;
              w.innerSigner = M;
              w.route = new ArrayList<>(List.of(M.fp(), B.fp()));
              w.to(X, "far-99");
            }));
    accept(
        "R6: UNREACHABLE with a MESH_UNDELIVERABLE inside: nothing sent back",
        "Undeliverable",
        unr,
        world(
            w -> {
              w.inner = MeshRelayWorld.inner("mesh", "MESH_UNDELIVERABLE", A, "far-99", X);
              w.destination = X;
            }));
    accept(
        "R6: the origin is a neighbour: UNREACHABLE goes to it directly",
        "Undeliverable",
        unr,
        world(
            w -> {
              w.neighbour(A, "probing");
              w.route = new ArrayList<>(List.of(A.fp(), B.fp()));
              w.to(X, "far-99");
            }));
    List<String> bc = List.of("MESH-RLY-008", "MESH-DEL-001");
    accept(
        "R6: a broadcast: delivered and forwarded to every other neighbour",
        "Forward",
        bc,
        world(w -> w.broadcast("FACT_PROPOSE")));
    accept(
        "R6: a broadcast: not forwarded to neighbours in the route record",
        "Forward",
        bc,
        world(
            w -> {
              w.broadcast("DECISION_SHARE");
              w.route = new ArrayList<>(List.of(A.fp(), C.fp(), B.fp()));
            }));
    accept(
        "R6: a broadcast with hop_limit entries: delivered, not forwarded, nothing back",
        "Forward",
        bc,
        world(
            w -> {
              w.broadcast("FACT_PROPOSE");
              w.hopLimit = 2;
            }));
  }

  // ---------------------------------------------------------------- outcomes

  private void refuse(
      String comment, String flag, String req, String step, String error, MeshRelayWorld w) {
    ObjectNode o = outcome(step, "refuse", error, null);
    write(comment, flag, List.of(req), "invalid", w, o);
  }

  private void drop(
      String comment, String flag, String req, String step, String reason, MeshRelayWorld w) {
    write(comment, flag, List.of(req), "invalid", w, outcome(step, "drop", null, reason));
  }

  /** Step R6 as spec/mesh.md §4.3 says, from the world's routes (§4.2). */
  private void accept(String comment, String flag, List<String> req, MeshRelayWorld w) {
    ObjectNode o = outcome("R6", "accept", null, null);
    String self = R.fp();
    boolean broadcast = w.destination.equals(MeshRelayWorld.BROADCAST);
    SortedMap<String, Route> routes = w.routes();
    List<String> to = new ArrayList<>();
    String notForwarded = null;
    if (broadcast) {
      if (w.route.size() < w.hopLimit) {
        for (String n : w.neighbourIds.keySet()) {
          if (!w.route.contains(n)) {
            to.add(n);
          }
        }
      }
    } else if (!w.destination.equals(self)) {
      Route r = routes.get(w.destination);
      if (w.route.size() >= w.hopLimit) {
        notForwarded = "HOP_LIMIT";
      } else if (r == null || w.route.contains(r.via())) {
        notForwarded = "UNREACHABLE";
      } else {
        to.add(r.via());
      }
    }
    String back = null;
    if (notForwarded != null && !w.inner.get("type").asText().equals("MESH_UNDELIVERABLE")) {
      Route r = routes.get(w.origin.fp());
      back = r == null ? null : r.via();
    }
    o.put("deliver", broadcast || w.destination.equals(self));
    ArrayNode t = o.putArray("forwardTo");
    to.forEach(t::add);
    if (to.isEmpty()) {
      o.putNull("forwardedRoute");
    } else {
      ArrayNode fr = o.putArray("forwardedRoute");
      w.route.forEach(fr::add);
      fr.add(self);
    }
    o.put("notForwarded", notForwarded);
    o.put("undeliverableTo", back);
    write(comment, flag, req, "valid", w, o);
  }

  private static ObjectNode outcome(
      String step, String action, @Nullable String error, @Nullable String reason) {
    ObjectNode o = VectorFile.fields();
    o.put("step", step);
    o.put("action", action);
    o.put("error", error);
    o.put("reason", reason);
    return o;
  }

  private void write(
      String comment,
      String flag,
      List<String> req,
      String result,
      MeshRelayWorld w,
      ObjectNode outcome) {
    ObjectNode f = w.fields();
    f.set("outcome", outcome);
    file.test(group, comment, List.of(flag), result, req, f);
  }

  /** Makes the inner envelope's length not a multiple of 3, so that its base64 has padding. */
  private static void unaligned(MeshRelayWorld w) {
    for (int k = 0; w.innerBytes().length % 3 == 0; k++) {
      w.inner.withObjectProperty("payload").put("context", "sea level" + ".".repeat(k + 1));
    }
  }

  /** Base64 with the last data character's unused bits set (RFC 4648 §3.5: not canonical). */
  private static String nonZeroUnusedBits(byte[] data) {
    String b64 = Base64.getEncoder().encodeToString(data);
    int last = b64.indexOf('=') - 1;
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    int v = alphabet.indexOf(b64.charAt(last)) | 1;
    return b64.substring(0, last) + alphabet.charAt(v) + b64.substring(last + 1);
  }
}
