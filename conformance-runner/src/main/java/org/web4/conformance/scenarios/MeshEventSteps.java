package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps for spec/events.md's mesh kinds (EVT-MESH-001, EVT-MESH-002), checked against what the
 * tester peers sent and saw: the {@code mesh.relay.*} events of one relay (by its {@code mesh_id})
 * are exactly the ones the step lists, and each MESH_VOUCH has exactly one {@code
 * mesh.vouch.received}. Every check waits for the events it expects, then for every peer's barrier,
 * so that an event too many is among those read.
 */
public final class MeshEventSteps {
  private final World world;
  private final Peers peers;
  private final Events events;
  private final Mesh mesh;

  public MeshEventSteps(World world, Peers peers, Events events, Mesh mesh) {
    this.world = world;
    this.peers = peers;
    this.events = events;
    this.mesh = mesh;
  }

  /**
   * [EVT-MESH-001] the relay's events, in any order, as {@code "forwarded to bob with 3 hops"},
   * {@code "dropped duplicate"}, {@code "delivered INTENT"}, comma-separated.
   */
  @Then("the implementation reported for the relay {string}: {string}")
  public void relayEvents(String name, String expected) throws Exception {
    Mesh.Relay r = mesh.relay(name);
    List<String> want = new ArrayList<>(Mesh.list(expected));
    want.sort(null);
    List<JsonNode> got =
        events.settled(
            "mesh.relay.* for " + r.meshId(),
            e ->
                e.path("kind").asText().startsWith("mesh.relay.")
                    && e.path("attributes").path("mesh_id").asText().equals(r.meshId()),
            want.size());
    List<String> described = new ArrayList<>();
    for (JsonNode e : got) {
      described.add(describe(e));
      checkCommon(e, r);
    }
    described.sort(null);
    if (!described.equals(want)) {
      throw world.failure("the events " + want + " for relay " + name + "; got " + got);
    }
  }

  private String describe(JsonNode e) {
    JsonNode a = e.path("attributes");
    return switch (e.path("kind").asText()) {
      case "mesh.relay.forwarded" ->
          "forwarded to "
              + mesh.nameOf(e.path("peer").asText(), peers.connected())
              + " with "
              + a.path("hops").asInt()
              + " hops";
      case "mesh.relay.dropped" -> "dropped " + a.path("reason").asText();
      case "mesh.relay.delivered" -> "delivered " + a.path("type").asText();
      default -> e.toString();
    };
  }

  /** origin and destination of a forwarded copy, the inner msg_id when the event names one. */
  private void checkCommon(JsonNode e, Mesh.Relay r) {
    JsonNode a = e.path("attributes");
    boolean ok =
        switch (e.path("kind").asText()) {
          case "mesh.relay.forwarded" ->
              a.path("origin").asText().equals(r.origin())
                  && a.path("destination").asText().equals(r.destination());
          case "mesh.relay.delivered" -> a.path("origin").asText().equals(r.origin());
          default -> true;
        };
    if (!ok || (!e.path("msg_id").isNull() && !e.path("msg_id").asText().equals(r.innerMsgId()))) {
      throw world.failure(
          "origin "
              + r.origin()
              + ", destination "
              + r.destination()
              + ", msg_id "
              + r.innerMsgId()
              + " (the inner envelope's); got "
              + e);
    }
  }

  /**
   * [EVT-MESH-003] one {@code mesh.relay.originated} per copy of what harness {@code mesh/send}
   * sent, to each of these peers, with its mesh_id, destination and inner type.
   */
  @Then("the implementation reported what it sent through the mesh as originated to {string}")
  public void originated(String names) throws Exception {
    JsonNode sent = mesh.harnessSent();
    String meshId = sent.path("mesh_id").asText();
    List<String> want = new ArrayList<>(Mesh.list(names));
    want.sort(null);
    List<JsonNode> got =
        events.settled(
            "mesh.relay.originated for " + meshId,
            e ->
                e.path("kind").asText().equals("mesh.relay.originated")
                    && e.path("attributes").path("mesh_id").asText().equals(meshId),
            want.size());
    List<String> to = new ArrayList<>();
    for (JsonNode e : got) {
      to.add(mesh.nameOf(e.path("peer").asText(), peers.connected()));
      if (!e.path("attributes").path("type").asText().equals(mesh.harnessType())
          || !e.path("msg_id").asText().equals(sent.path("msg_id").asText())) {
        throw world.failure(
            "mesh.relay.originated of a " + mesh.harnessType() + " " + sent + "; got " + e);
      }
    }
    to.sort(null);
    if (!to.equals(want)) {
      throw world.failure("mesh.relay.originated to " + want + "; got " + got);
    }
  }

  /** [EVT-MESH-002] exactly one mesh.vouch.received about the subject, its view and applied. */
  @Then("the implementation reported one vouch about {string} with view {string} applied {word}")
  public void vouchEvent(String subject, String view, String applied) throws Exception {
    String fp = mesh.fingerprint(subject);
    List<JsonNode> got =
        events.settled(
            "mesh.vouch.received about " + subject,
            e ->
                e.path("kind").asText().equals("mesh.vouch.received")
                    && e.path("attributes").path("subject").asText().equals(fp),
            1);
    JsonNode a = got.get(0).path("attributes");
    if (got.size() != 1
        || !a.path("view").asText().equals(view)
        || a.path("applied").asBoolean() != Boolean.parseBoolean(applied)) {
      throw world.failure(
          "one mesh.vouch.received with view " + view + ", applied " + applied + "; got " + got);
    }
  }
}
