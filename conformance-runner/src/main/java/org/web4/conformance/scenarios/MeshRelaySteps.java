package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Steps for spec/mesh.md §4.3 (receiving a MESH_RELAY): a tester peer relays an inner envelope of a
 * far origin (signed by the far agent's key, the MESH_RELAY by the peer) or of its own, right or
 * with one defect of steps R1 and R4, again with the same {@code mesh_id}, or its inner envelope
 * again under a new one; the steps check what the implementation forwards, to whom, and that it
 * sends nothing for a duplicate or a loop.
 */
public final class MeshRelaySteps {
  private final World world;
  private final Mesh mesh;

  public MeshRelaySteps(World world, Mesh mesh) {
    this.world = world;
    this.mesh = mesh;
  }

  // ------------------------------------------------------------------------------ sending

  @When("peer {string} relays the {word} {string} from {string} to {string}")
  public void relay(String peer, String type, String name, String origin, String destination)
      throws Exception {
    relayWith(peer, type, name, origin, destination, Map.of());
  }

  /**
   * As {@link #relay}, with members of the MESH_RELAY changed: {@code hop_limit}, {@code route} (a
   * list of names), {@code fact} (the fact an inner FACT_CONFIRM names), {@code inner bytes} (an
   * inner FACT_PROPOSE grown to that size, {@link MeshInnerSize}) or one {@code defect} of steps R1
   * and R4 (spec/mesh.md Table 4.3a).
   */
  @When("peer {string} relays the {word} {string} from {string} to {string} with:")
  public void relayWith(
      String peer,
      String type,
      String name,
      String origin,
      String destination,
      Map<String, String> changes)
      throws Exception {
    ObjectNode payload = mesh.samplePayload(type, changes.getOrDefault("fact", name));
    ObjectNode inner = mesh.inner(type, origin, destination, payload);
    if (changes.containsKey("inner bytes")) {
      inner =
          MeshInnerSize.grownTo(
              inner, Integer.parseInt(changes.get("inner bytes")), mesh.key(origin));
    }
    String defect = changes.getOrDefault("defect", "none");
    inner = MeshDefects.inner(defect, inner, mesh.key(origin), mesh);
    List<String> route = new ArrayList<>();
    if (changes.containsKey("route")) {
      route.addAll(mesh.fingerprints(changes.get("route")));
    } else {
      if (!origin.equals(peer)) {
        route.add(mesh.fingerprint(origin));
      }
      route.add(mesh.fingerprint(peer));
    }
    Mesh.Relay r =
        new Mesh.Relay(
            world.freshUuid().toString(),
            mesh.fingerprint(origin),
            mesh.fingerprint(destination),
            Integer.parseInt(changes.getOrDefault("hop_limit", "9")),
            List.copyOf(route),
            MeshDefects.encoded(defect, inner),
            inner);
    r = MeshDefects.relay(defect, r, mesh);
    mesh.relayed(name, r);
    mesh.send(peer, r.payload());
  }

  @When("peer {string} relays {string} again")
  public void again(String peer, String name) throws Exception {
    Mesh.Relay r = mesh.relay(name);
    Mesh.Relay copy =
        new Mesh.Relay(
            r.meshId(),
            r.origin(),
            r.destination(),
            r.hopLimit(),
            mesh.routeVia(r, peer),
            r.envelope(),
            r.inner());
    mesh.send(peer, copy.payload());
  }

  @When("peer {string} relays the inner envelope of {string} again as {string}")
  public void innerAgain(String peer, String name, String newName) throws Exception {
    Mesh.Relay r = mesh.relay(name);
    Mesh.Relay copy =
        new Mesh.Relay(
            world.freshUuid().toString(),
            r.origin(),
            r.destination(),
            r.hopLimit(),
            mesh.routeVia(r, peer),
            r.envelope(),
            r.inner());
    mesh.relayed(newName, copy);
    mesh.send(peer, copy.payload());
  }

  // ------------------------------------------------------------------------------ forwarded

  /**
   * [MESH-RLY-005] [MESH-RLY-008] the forwarded MESH_RELAY (spec/mesh.md §4.3): the same {@code
   * mesh_id}, {@code origin}, {@code destination}, {@code hop_limit} and {@code envelope} string,
   * {@code route} with the implementation's fingerprint appended, the implementation's own envelope
   * for this peer.
   */
  @Then("peer {string} receives {string} forwarded by the implementation")
  public void forwarded(String peer, String name) throws Exception {
    mesh.forwardedTo(peer, name);
  }

  @Then("peer {string} receives no MESH_RELAY")
  public void noRelay(String peer) throws Exception {
    mesh.noRelayFor(peer);
  }

  /** [MESH-RLY-002] [MESH-RLY-003] a dropped relay: nothing is sent because of it. */
  @Then("the implementation sends nothing because of {string}")
  public void nothing(String name) throws Exception {
    mesh.nothingSent("the relay " + name);
  }
}
