package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.web4.vectors.MeshAgents.Agent;
import org.web4.vectors.MeshRouteSpec.Entry;
import org.web4.vectors.MeshRouteSpec.Route;

/**
 * {@code mesh/mesh_routes_test.json}: an agent's neighbours, the agents it holds blacklisted and
 * the MESH_ROUTES it received, in order → its routes (spec/mesh.md §4.2) and the table it announces
 * to each neighbour (§4.5). Expectations come from {@link MeshRouteSpec}.
 */
final class MeshRouteVectors {
  static final String PATH = "mesh/mesh_routes_test.json";

  static final Agent SELF = MeshAgents.agent("r");
  private static final Agent A = MeshAgents.agent("a");
  private static final Agent B = MeshAgents.agent("b");
  private static final Agent C = MeshAgents.agent("c");

  private MeshRouteVectors() {}

  /** One case's inputs. */
  private static final class Case {
    final Map<String, String> neighbours = new TreeMap<>();
    final Set<String> blacklisted = new TreeSet<>();
    final List<Map.Entry<String, List<Entry>>> received = new ArrayList<>();

    Case neighbour(Agent a) {
      neighbours.put(a.fp(), a.agentId());
      return this;
    }

    Case blacklist(String fp) {
      blacklisted.add(fp);
      return this;
    }

    Case from(Agent a, Entry... entries) {
      received.add(Map.entry(a.fp(), List.of(entries)));
      return this;
    }

    Case from(Agent a, List<Entry> entries) {
      received.add(Map.entry(a.fp(), entries));
      return this;
    }
  }

  static Entry to(String fp, String agentId, int hops) {
    return new Entry(fp, agentId, hops);
  }

  static Entry to(Agent a, int hops) {
    return new Entry(a.fp(), a.agentId(), hops);
  }

  static VectorFile build() {
    VectorFile file =
        new VectorFile(
            PATH,
            "Web4-MESH-Routes",
            "vectors/mesh_routes_test.schema.json",
            List.of(
                "Routes of one agent (self) from its neighbours and the MESH_ROUTES they sent"
                    + " (spec/mesh.md section 4.2), and the table it announces to each neighbour"
                    + " (section 4.5).",
                "neighbours: the agent's neighbours (fingerprint, agent_id from the handshake);"
                    + " blacklisted: agents it holds blacklisted; received: MESH_ROUTES payloads in"
                    + " the order received, each from a peer (one that is not in neighbours is no"
                    + " longer a neighbour: its routes are forgotten).",
                "routes: every route, ascending by destination (via: the neighbour it goes"
                    + " through); announced: for each neighbour, the routes of the MESH_ROUTES the"
                    + " agent sends it (MESH-RTE-001, ascending by destination)."));
    file.note("Direct", "Functionality", "Neighbours are reached directly, with hops 1.")
        .note("Choice", "Functionality", "The route: the fewest hops, then the least fingerprint.")
        .note("HopCap", "EdgeCase", "A route of more than 9 hops is not counted (MESH-RTE-003).")
        .note("Excluded", "Functionality", "No route to the agent itself or a blacklisted agent.")
        .note("Latest", "Functionality", "Only each neighbour's latest MESH_ROUTES counts.")
        .note(
            "SplitHorizon",
            "Functionality",
            "Nothing is announced to the neighbour it goes through.")
        .note(
            "Limit",
            "EdgeCase",
            "At most 64 destinations: the fewest hops, then the least fingerprints.");
    ObjectNode g = file.group("MeshRoutes");
    g.put("source", "spec/mesh.md sections 4.2 and 4.5, Table 4.8");
    ObjectNode self = g.putObject("self");
    self.put("agent_id", SELF.agentId());
    self.put("fingerprint", SELF.fp());
    List<String> choice = List.of("MESH-RTE-003", "MESH-RTE-001");
    String d1 = MeshAgents.far(1);
    String d2 = MeshAgents.far(2);
    test(
        file,
        g,
        "one neighbour, nothing received: one route, an empty table for it",
        "Direct",
        choice,
        new Case().neighbour(A));
    test(
        file,
        g,
        "two neighbours: each is announced the other with hops 1",
        "Direct",
        choice,
        new Case().neighbour(A).neighbour(B));
    test(
        file,
        g,
        "a destination A announced with hops 1: hops 2 through A, announced to B only",
        "SplitHorizon",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(d1, "far-1", 1)));
    test(
        file,
        g,
        "fewer hops win over a lesser neighbour fingerprint",
        "Choice",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .neighbour(C)
            .from(least(A, B, C), to(d1, "far-1", 3))
            .from(greatest(A, B, C), to(d1, "far-1", 2)));
    test(
        file,
        g,
        "equal hops: the neighbour with the least fingerprint",
        "Choice",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .neighbour(C)
            .from(A, to(d1, "far-1", 2))
            .from(B, to(d1, "far-1", 2))
            .from(C, to(d1, "far-1", 2)));
    test(
        file,
        g,
        "the agent_id of the entry the route came from",
        "Choice",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .from(A, to(d1, "far-one", 2))
            .from(B, to(d1, "far-uno", 1)));
    test(
        file,
        g,
        "hops 8 announced: a route of 9 hops counts",
        "HopCap",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(d1, "far-1", 8)));
    test(
        file,
        g,
        "hops 9 announced: a route of 10 hops does not count",
        "HopCap",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(d1, "far-1", 9)));
    test(
        file,
        g,
        "hops 9 through one neighbour, 8 through another: the 9-hop route",
        "HopCap",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .from(least(A, B), to(d1, "far-1", 9))
            .from(greatest(A, B), to(d1, "far-1", 8)));
    test(
        file,
        g,
        "the agent itself announced: no route to itself",
        "Excluded",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(SELF, 1), to(d1, "far-1", 1)));
    test(
        file,
        g,
        "a blacklisted destination: no route, never announced",
        "Excluded",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .blacklist(d1)
            .from(A, to(d1, "far-1", 1), to(d2, "far-2", 1)));
    test(
        file,
        g,
        "a neighbour announced by another neighbour: reached directly",
        "Direct",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(B, 1)));
    test(
        file,
        g,
        "a destination listed twice in one MESH_ROUTES counts with its smaller hops",
        "Latest",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(d1, "far-1", 5), to(d1, "far-1", 2)));
    test(
        file,
        g,
        "a later MESH_ROUTES replaces the earlier one",
        "Latest",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .from(A, to(d1, "far-1", 1), to(d2, "far-2", 1))
            .from(A, to(d2, "far-2", 3)));
    test(
        file,
        g,
        "an empty MESH_ROUTES withdraws every route through its sender",
        "Latest",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, to(d1, "far-1", 1)).from(A));
    test(
        file,
        g,
        "routes from a peer that is no longer a neighbour are forgotten",
        "Latest",
        choice,
        new Case().neighbour(A).from(B, to(d1, "far-1", 1)));
    test(
        file,
        g,
        "several destinations through both neighbours, split horizon both ways",
        "SplitHorizon",
        choice,
        new Case()
            .neighbour(A)
            .neighbour(B)
            .from(A, to(d1, "far-1", 1), to(B, 1))
            .from(B, to(d2, "far-2", 4), to(A, 1)));
    List<Entry> many = new ArrayList<>();
    for (int i = 1; i <= 70; i++) {
      many.add(to(MeshAgents.far(100 + i), "far-" + (100 + i), 1 + i % 3));
    }
    test(
        file,
        g,
        "70 destinations announced: 64 routes kept (fewest hops, least fingerprints)",
        "Limit",
        choice,
        new Case().neighbour(A).neighbour(B).from(A, many));
    return file;
  }

  private static Agent least(Agent... agents) {
    Agent best = agents[0];
    for (Agent a : agents) {
      if (a.fp().compareTo(best.fp()) < 0) {
        best = a;
      }
    }
    return best;
  }

  private static Agent greatest(Agent... agents) {
    Agent best = agents[0];
    for (Agent a : agents) {
      if (a.fp().compareTo(best.fp()) > 0) {
        best = a;
      }
    }
    return best;
  }

  private static void test(
      VectorFile file, ObjectNode g, String comment, String flag, List<String> req, Case c) {
    ObjectNode f = VectorFile.fields();
    ArrayNode n = f.putArray("neighbours");
    c.neighbours.forEach((fp, id) -> n.addObject().put("fingerprint", fp).put("agent_id", id));
    ArrayNode bl = f.putArray("blacklisted");
    c.blacklisted.forEach(bl::add);
    ArrayNode rec = f.putArray("received");
    Map<String, List<Entry>> latest = new LinkedHashMap<>();
    for (Map.Entry<String, List<Entry>> e : c.received) {
      ObjectNode r = rec.addObject();
      r.put("from", e.getKey());
      entries(r.putArray("routes"), e.getValue());
      latest.put(e.getKey(), e.getValue());
    }
    SortedMap<String, Route> routes =
        MeshRouteSpec.routes(SELF.fp(), c.neighbours, latest, c.blacklisted);
    ArrayNode out = f.putArray("routes");
    for (Route r : routes.values()) {
      out.addObject()
          .put("destination", r.destination())
          .put("agent_id", r.agentId())
          .put("via", r.via())
          .put("hops", r.hops());
    }
    ArrayNode ann = f.putArray("announced");
    for (String nb : c.neighbours.keySet()) {
      ObjectNode a = ann.addObject();
      a.put("to", nb);
      entries(a.putArray("routes"), MeshRouteSpec.announcement(routes, nb));
    }
    file.test(g, comment, List.of(flag), "valid", req, f);
  }

  static void entries(ArrayNode into, List<Entry> entries) {
    for (Entry e : entries) {
      into.addObject()
          .put("destination", e.destination())
          .put("agent_id", e.agentId())
          .put("hops", e.hops());
    }
  }
}
