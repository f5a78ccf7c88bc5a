package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.Exchange;

/**
 * Steps for spec/mesh.md §4.5 (routes): a tester peer announces what it reaches in a MESH_ROUTES;
 * the steps check the tables the implementation announces to each peer (MESH-RTE-001, 002: the
 * table §4.5 defines, ascending, split horizon) and the routes it answers in harness {@code GET
 * mesh} (HAR-MESH-001). A table is written {@code "bob:1, zoe:2"} (destination names and hops;
 * {@code "nothing"} for none); a route {@code "zoe via carol 2"}.
 */
public final class MeshRouteSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final Mesh mesh;

  public MeshRouteSteps(World world, Peers peers, Mesh mesh) {
    this.world = world;
    this.peers = peers;
    this.mesh = mesh;
  }

  /** The peer's MESH_ROUTES: everything it announced so far, ascending by destination. */
  @When("peer {string} announces {string} at {int} hop(s)")
  public void announce(String peer, String destination, int hops) throws Exception {
    Map<String, Integer> table = mesh.announce(peer, destination, hops);
    List<String> names = new ArrayList<>(table.keySet());
    names.sort((a, b) -> mesh.fingerprint(a).compareTo(mesh.fingerprint(b)));
    ObjectNode p = NODES.objectNode();
    ArrayNode routes = p.putArray("routes");
    for (String n : names) {
      ObjectNode r = routes.addObject();
      r.put("destination", mesh.fingerprint(n));
      r.put("agent_id", mesh.agentId(n));
      r.put("hops", table.get(n));
    }
    peers.send(peer, peers.cip(peer).meshEnvelope("MESH_ROUTES", p));
  }

  @When("peer {string} closes its connection")
  public void close(String peer) {
    peers.cip(peer).close();
    peers.ended(peer);
  }

  /**
   * [MESH-RTE-001] [MESH-RTE-002] a MESH_ROUTES with exactly this table, in ascending order of
   * destination, each with the agent_id the implementation knows; those before it (a table it has
   * since replaced) are skipped.
   */
  @Then("peer {string} receives a MESH_ROUTES listing {string}")
  public void receivesTable(String peer, String table) throws Exception {
    ArrayNode expected = expectedTable(table);
    CipPeer p = peers.cip(peer);
    AtomicReference<JsonNode> last = new AtomicReference<>();
    Optional<JsonNode> got =
        p.awaitMatching(
            e -> {
              if (!e.path("type").asText().equals("MESH_ROUTES")) {
                return false;
              }
              last.set(e);
              return Mesh.sameJson(e.path("payload").path("routes"), expected);
            },
            Peers.ANSWER);
    if (got.isEmpty()) {
      throw world.failure(
          "a MESH_ROUTES to peer "
              + peer
              + " with routes "
              + expected
              + " within "
              + Peers.ANSWER.toSeconds()
              + " s; the last was "
              + last.get());
    }
    if (!got.get().path("receiver").path("fingerprint").asText().equals(mesh.fingerprint(peer))) {
      throw world.failure("a MESH_ROUTES for peer " + peer + "; got " + got.get());
    }
  }

  /** Split horizon (spec/mesh.md §4.5): after every barrier, no table to the peer lists these. */
  @Then("peer {string} receives no MESH_ROUTES listing {string}")
  public void noTableListing(String peer, String names) throws Exception {
    List<String> fps = mesh.fingerprints(names);
    peers.barrierAll();
    for (CipPeer.Received r : peers.cip(peer).received()) {
      JsonNode e = r.envelope();
      if (e != null && e.path("type").asText().equals("MESH_ROUTES")) {
        for (JsonNode route : e.path("payload").path("routes")) {
          if (fps.contains(route.path("destination").asText())) {
            throw world.failure("no MESH_ROUTES to " + peer + " listing " + names + "; got " + e);
          }
        }
      }
    }
  }

  private ArrayNode expectedTable(String table) {
    List<String[]> entries = new ArrayList<>();
    if (!table.equals("nothing")) {
      for (String item : Mesh.list(table)) {
        entries.add(item.split(":", -1));
      }
    }
    entries.sort((a, b) -> mesh.fingerprint(a[0]).compareTo(mesh.fingerprint(b[0])));
    ArrayNode out = NODES.arrayNode();
    for (String[] e : entries) {
      ObjectNode r = out.addObject();
      r.put("destination", mesh.fingerprint(e[0]));
      r.put("agent_id", mesh.agentId(e[0]));
      r.put("hops", Integer.parseInt(e[1]));
    }
    return out;
  }

  /** [HAR-MESH-001] {@code GET mesh}: exactly these routes, ascending, and hop limit 9. */
  @Then("the implementation's routes are {string}")
  public void routes(String routes) throws Exception {
    List<String[]> entries = new ArrayList<>();
    for (String item : Mesh.list(routes)) {
      entries.add(item.split(" ", -1));
    }
    entries.sort((a, b) -> mesh.fingerprint(a[0]).compareTo(mesh.fingerprint(b[0])));
    ArrayNode expected = NODES.arrayNode();
    for (String[] e : entries) {
      ObjectNode r = expected.addObject();
      r.put("destination", mesh.fingerprint(e[0]));
      r.put("agent_id", mesh.agentId(e[0]));
      r.put("via", mesh.fingerprint(e[2]));
      r.put("hops", Integer.parseInt(e[3]));
    }
    AtomicReference<JsonNode> got = new AtomicReference<>(NODES.nullNode());
    Poll.untilHolds(
        Peers.ANSWER,
        () -> {
          Exchange ex = world.harness().mesh();
          world.record(ex);
          got.set(ex.reply());
          return Mesh.sameJson(ex.reply().path("routes"), expected)
              && ex.reply().path("hop_limit").asInt() == 9;
        },
        () -> world.failure("GET mesh: hop_limit 9 and routes " + expected + "; got " + got.get()));
  }

  /** [MESH-RTE-003] the relay goes to the peer with the least fingerprint among equals. */
  @Then("of peers {string} the one with the least fingerprint receives {string} forwarded")
  public void leastFingerprint(String names, String relay) throws Exception {
    List<String> candidates = new ArrayList<>(Mesh.list(names));
    candidates.sort((a, b) -> mesh.fingerprint(a).compareTo(mesh.fingerprint(b)));
    mesh.forwardedTo(candidates.get(0), relay);
    for (String other : candidates.subList(1, candidates.size())) {
      mesh.noRelayFor(other);
    }
  }
}
