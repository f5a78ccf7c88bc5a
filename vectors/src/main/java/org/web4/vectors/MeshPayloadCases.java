package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The boundaries of every member of spec/mesh.md Tables 3.1–3.4, as mutations of the sample
 * payloads ({@link SamplePayloads}): a conforming payload is accepted, one that does not conform is
 * refused with PAYLOAD_SCHEMA (MESH-MSG-001 … MESH-MSG-004). {@link EnvelopeVectors} signs each.
 */
final class MeshPayloadCases {
  /** One payload case: the type, what it is, the change to the sample, whether it conforms. */
  record Case(String type, String comment, Consumer<ObjectNode> mutation, boolean conforms) {}

  private static final String FP = "c3".repeat(32);

  private MeshPayloadCases() {}

  static List<Case> all() {
    List<Case> out = new ArrayList<>();
    relay(out);
    routes(out);
    undeliverable(out);
    vouch(out);
    return out;
  }

  private static void relay(List<Case> out) {
    String t = "MESH_RELAY";
    ok(out, t, "hop_limit 1", p -> p.put("hop_limit", 1));
    ok(out, t, "hop_limit 16", p -> p.put("hop_limit", 16));
    bad(out, t, "hop_limit 0", p -> p.put("hop_limit", 0));
    bad(out, t, "hop_limit 17", p -> p.put("hop_limit", 17));
    bad(out, t, "hop_limit 9.5", p -> p.put("hop_limit", 9.5));
    ok(out, t, "destination * (broadcast)", p -> p.put("destination", "*"));
    bad(out, t, "destination **", p -> p.put("destination", "**"));
    bad(out, t, "destination an uppercase fingerprint", p -> p.put("destination", "C3".repeat(32)));
    bad(out, t, "origin of 63 hex digits", p -> p.put("origin", FP.substring(1)));
    bad(out, t, "mesh_id not a UUID", p -> p.put("mesh_id", "relay-1"));
    ok(out, t, "route of 16 entries", p -> route(p, 16));
    bad(out, t, "route of 17 entries", p -> route(p, 17));
    bad(out, t, "route empty", p -> route(p, 0));
    bad(out, t, "route entry not a fingerprint", p -> p.putArray("route").add("*"));
    ok(out, t, "envelope of 4 characters", p -> p.put("envelope", "e30="));
    bad(out, t, "envelope of 3 characters", p -> p.put("envelope", "e30"));
    bad(out, t, "envelope with a URL-safe character", p -> p.put("envelope", "e3-="));
    bad(out, t, "envelope with three = signs", p -> p.put("envelope", "e30==="));
    ok(
        out,
        t,
        "envelope not canonical base64 (that is step R4, not the schema)",
        p -> p.put("envelope", "e31="));
    bad(out, t, "without envelope", p -> p.remove("envelope"));
    bad(out, t, "with an unknown member", p -> p.put("ttl", 5));
  }

  private static void routes(List<Case> out) {
    String t = "MESH_ROUTES";
    ok(out, t, "no routes", p -> p.putArray("routes"));
    ok(out, t, "64 routes", p -> routeEntries(p, 64));
    bad(out, t, "65 routes", p -> routeEntries(p, 65));
    ok(out, t, "hops 1", p -> entry(p).put("hops", 1));
    ok(out, t, "hops 16", p -> entry(p).put("hops", 16));
    bad(out, t, "hops 0", p -> entry(p).put("hops", 0));
    bad(out, t, "hops 17", p -> entry(p).put("hops", 17));
    bad(out, t, "a route to *", p -> entry(p).put("destination", "*"));
    bad(out, t, "a route without agent_id", p -> entry(p).remove("agent_id"));
    bad(out, t, "a route whose agent_id has a space", p -> entry(p).put("agent_id", "bad id"));
    bad(out, t, "a route with an unknown member", p -> entry(p).put("via", FP));
    bad(out, t, "without routes", p -> p.remove("routes"));
  }

  private static void undeliverable(List<Case> out) {
    String t = "MESH_UNDELIVERABLE";
    ok(out, t, "code of 2 characters", p -> p.put("code", "AB"));
    ok(out, t, "code of 32 characters", p -> p.put("code", "A".repeat(32)));
    bad(out, t, "code of 1 character", p -> p.put("code", "A"));
    bad(out, t, "code of 33 characters", p -> p.put("code", "A".repeat(33)));
    bad(out, t, "code in lowercase", p -> p.put("code", "unreachable"));
    ok(out, t, "without message", p -> p.remove("message"));
    ok(out, t, "message of 256 characters", p -> p.put("message", "m".repeat(256)));
    bad(out, t, "message of 257 characters", p -> p.put("message", "m".repeat(257)));
    bad(out, t, "msg_id not a UUID", p -> p.put("msg_id", "x"));
    bad(out, t, "without mesh_id", p -> p.remove("mesh_id"));
  }

  private static void vouch(List<Case> out) {
    String t = "MESH_VOUCH";
    ok(out, t, "view blacklisted", p -> p.put("view", "blacklisted"));
    bad(out, t, "view probing", p -> p.put("view", "probing"));
    bad(out, t, "view untrusted", p -> p.put("view", "untrusted"));
    bad(out, t, "subject *", p -> p.put("subject", "*"));
    bad(out, t, "without view", p -> p.remove("view"));
    bad(out, t, "with an unknown member", p -> p.put("weight", 1));
  }

  private static void ok(List<Case> out, String type, String what, Consumer<ObjectNode> m) {
    out.add(new Case(type, type + " " + what, m, true));
  }

  private static void bad(List<Case> out, String type, String what, Consumer<ObjectNode> m) {
    out.add(new Case(type, type + " " + what, m, false));
  }

  private static void route(ObjectNode p, int n) {
    ArrayNode r = p.putArray("route");
    for (int i = 0; i < n; i++) {
      r.add(MeshAgents.far(1000 + i));
    }
  }

  private static void routeEntries(ObjectNode p, int n) {
    ArrayNode r = p.putArray("routes");
    for (int i = 0; i < n; i++) {
      r.addObject()
          .put("destination", MeshAgents.far(2000 + i))
          .put("agent_id", "far")
          .put("hops", 2);
    }
  }

  private static ObjectNode entry(ObjectNode p) {
    return (ObjectNode) p.withArray("routes").get(0);
  }
}
