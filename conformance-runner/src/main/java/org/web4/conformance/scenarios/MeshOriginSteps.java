package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.mesh.MeshEnvelopes;

/**
 * Steps for spec/mesh.md §4.2 and §4.4 (the implementation as origin and as destination): what it
 * originates — an answer to a relayed envelope, a MESH_UNDELIVERABLE, an envelope the harness asks
 * for ({@code mesh/send}, spec/harness.md §4.14) — checked on the wire as a plain envelope to a
 * neighbour (MESH-ORG-001) or a MESH_RELAY with route {@code [implementation]} (MESH-ORG-002, 003).
 */
public final class MeshOriginSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final Mesh mesh;
  private final CipState cip;
  private @Nullable JsonNode sent;
  private String sentType = "";
  private String sentDestination = "";

  public MeshOriginSteps(World world, Peers peers, Mesh mesh, CipState cip) {
    this.world = world;
    this.peers = peers;
    this.mesh = mesh;
    this.cip = cip;
  }

  // ------------------------------------------------------------------------------ answers

  /** [MESH-DEL-002] the refusal of a relayed envelope, as a MESH_UNDELIVERABLE to its origin. */
  @Then("peer {string} receives, relayed to {string}, a MESH_UNDELIVERABLE {string} about {string}")
  public void undeliverable(String peer, String origin, String code, String name) throws Exception {
    Mesh.Relay r = mesh.relay(name);
    JsonNode inner =
        originated(
            peer,
            origin,
            "MESH_UNDELIVERABLE",
            i -> i.path("payload").path("mesh_id").asText().equals(r.meshId()),
            9);
    JsonNode p = inner.path("payload");
    if (!p.path("msg_id").asText().equals(r.innerMsgId())
        || !p.path("code").asText().equals(code)) {
      throw world.failure(
          "MESH_UNDELIVERABLE "
              + code
              + " naming mesh_id "
              + r.meshId()
              + " and msg_id "
              + r.innerMsgId()
              + "; got "
              + p);
    }
  }

  /** [MESH-DEL-001] a relayed INTENT answered with an INTENT_RESPONSE originated to its origin. */
  @Then("peer {string} receives, relayed to {string}, an INTENT_RESPONSE that accepts {string}")
  public void relayedResponse(String peer, String origin, String name) throws Exception {
    String ref = mesh.relay(name).innerMsgId();
    JsonNode inner =
        originated(
            peer,
            origin,
            "INTENT_RESPONSE",
            i -> i.path("payload").path("intent_ref").asText().equals(ref),
            9);
    if (!inner.path("payload").path("decision").asText().equals("accept")) {
      throw world.failure("decision accept; got " + inner.path("payload"));
    }
  }

  /** [MESH-KNW-001] the proposer's FACT_CONFIRM, relayed when it is not a neighbour. */
  @Then("peer {string} receives, relayed to {string}, a FACT_CONFIRM for the fact {string}")
  public void relayedConfirm(String peer, String origin, String fact) throws Exception {
    String ref = cip.factId(fact);
    originated(
        peer,
        origin,
        "FACT_CONFIRM",
        i -> i.path("payload").path("fact_ref").asText().equals(ref),
        9);
  }

  /** [MESH-ORG-001] an answer to a neighbour's relayed INTENT goes to it directly. */
  @Then("peer {string} receives directly an INTENT_RESPONSE that accepts {string}")
  public void directResponse(String peer, String name) throws Exception {
    String ref = mesh.relay(name).innerMsgId();
    JsonNode r = peers.receives(peer, "INTENT_RESPONSE");
    // [MESH-ORG-001] "like any envelope of the session (with the trust block of CIP-TRU-004)"
    if (!r.path("payload").path("intent_ref").asText().equals(ref)
        || !r.path("payload").path("decision").asText().equals("accept")
        || !r.path("trust").isObject()) {
      throw world.failure(
          "a CIP INTENT_RESPONSE with its trust block accepting " + ref + "; got " + r);
    }
  }

  /** [MESH-DEL-002] "MUST NOT send an ERROR frame for it". */
  @Then("the implementation sends no ERROR to peer {string}")
  public void noError(String peer) throws Exception {
    peers.barrierAll();
    for (CipPeer.Received r : peers.cip(peer).received()) {
      if (r.error() != null) {
        throw world.failure("no ERROR to peer " + peer + "; got " + r.error());
      }
    }
  }

  // ------------------------------------------------------------------------------ mesh/send

  @When("the implementation is asked to send a(n) {word} through the mesh to {string}")
  public void send(String type, String destination) throws Exception {
    sendWith(type, destination, null);
  }

  @When(
      "the implementation is asked to send a(n) {word} through the mesh to {string} with hop limit {int}")
  public void sendWith(String type, String destination, @Nullable Integer hopLimit)
      throws Exception {
    ObjectNode req = NODES.objectNode();
    req.put("destination", mesh.fingerprint(destination));
    req.put("type", type);
    req.set("payload", mesh.samplePayload(type, "sent"));
    if (hopLimit != null) {
      req.put("hop_limit", hopLimit);
    }
    Exchange ex = world.harness().meshSend(req);
    world.record(ex);
    world.resetAtEnd();
    sent = ex.reply();
    sentType = type;
    mesh.sentByHarness(ex.reply(), type);
    sentDestination = destination;
  }

  /** [HAR-MESH-002] the answer names what was sent: {@code directly} (no mesh_id) or as a relay. */
  @Then("mesh\\/send answers {string} to {string} {word}")
  public void answered(String result, String to, String how) {
    JsonNode s = reply();
    List<String> fps = new ArrayList<>(mesh.fingerprints(to));
    fps.sort(null);
    List<String> got = new ArrayList<>();
    s.path("to").forEach(n -> got.add(n.asText()));
    boolean direct = how.equals("directly");
    boolean ok =
        s.path("result").asText().equals(result)
            && got.equals(fps)
            && s.path("msg_id").isTextual()
            && (direct ? s.path("mesh_id").isNull() : s.path("mesh_id").isTextual());
    if (!ok) {
      throw world.failure("mesh/send " + result + " to " + fps + " " + how + "; got " + s);
    }
  }

  @Then("mesh\\/send answers {string}")
  public void answeredOnly(String result) {
    if (!reply().path("result").asText().equals(result)) {
      throw world.failure("mesh/send " + result + "; got " + reply());
    }
  }

  /** [MESH-ORG-001] the envelope the harness asked for, plain on its own channel. */
  @Then("peer {string} receives the envelope sent directly")
  public void receivesDirect(String peer) throws Exception {
    String msgId = reply().path("msg_id").asText();
    JsonNode e = peers.receives(peer, sentType);
    if (!e.path("msg_id").asText().equals(msgId)
        || !e.path("receiver").path("fingerprint").asText().equals(mesh.fingerprint(peer))
        || (e.has("cip") && !e.path("trust").isObject())) {
      throw world.failure("the " + sentType + " " + msgId + " for peer " + peer + "; got " + e);
    }
  }

  /**
   * [MESH-ORG-002] [MESH-ORG-003] the envelope the harness asked for, as a MESH_RELAY with its
   * {@code mesh_id}, route {@code [implementation]} and the hop limit.
   */
  @Then("peer {string} receives the envelope sent as a relay with hop limit {int}")
  public void receivesRelayed(String peer, int hopLimit) throws Exception {
    String msgId = reply().path("msg_id").asText();
    String meshId = reply().path("mesh_id").asText();
    JsonNode inner =
        originated(
            peer,
            sentDestination,
            sentType,
            i -> i.path("msg_id").asText().equals(msgId),
            hopLimit);
    if (inner.path("payload").isMissingNode() || meshId.isEmpty()) {
      throw world.failure("mesh/send named a mesh_id; got " + reply());
    }
  }

  /**
   * [MESH-ORG-003] a broadcast under the mesh_id the implementation originated, from a far origin:
   * a duplicate (step R2) once the implementation remembered that mesh_id as accepted.
   */
  @When(
      "peer {string} relays a broadcast from {string} under the mesh_id of that broadcast as {string}")
  public void echo(String peer, String origin, String name) throws Exception {
    ObjectNode inner =
        mesh.inner(
            "DECISION_SHARE",
            origin,
            MeshEnvelopes.BROADCAST,
            mesh.samplePayload("DECISION_SHARE", name));
    Mesh.Relay r =
        new Mesh.Relay(
            reply().path("mesh_id").asText(),
            mesh.fingerprint(origin),
            MeshEnvelopes.BROADCAST,
            9,
            List.of(mesh.fingerprint(origin), mesh.fingerprint(peer)),
            MeshEnvelopes.base64(inner),
            inner);
    mesh.relayed(name, r);
    mesh.send(peer, r.payload());
  }

  // ------------------------------------------------------------------------------ shared

  private JsonNode reply() {
    if (sent == null) {
      throw new IllegalStateException("no mesh/send was asked for");
    }
    return sent;
  }

  /**
   * Waits for a MESH_RELAY the implementation originated to {@code destination} (a name or {@code
   * *}) carrying a {@code type} that {@code wanted} accepts, and checks its relay metadata
   * (MESH-ORG-002): origin the implementation, route exactly {@code [implementation]}, the hop
   * limit, and the inner envelope's sender and receiver (spec/mesh.md §4.2).
   */
  private JsonNode originated(
      String peer, String destination, String type, Predicate<JsonNode> wanted, int hopLimit)
      throws Exception {
    JsonNode relay =
        mesh.awaitRelay(
            peer,
            "a MESH_RELAY from the implementation to " + destination + " carrying " + type,
            e ->
                MeshEnvelopes.inner(e)
                    .filter(i -> i.path("type").asText().equals(type) && wanted.test(i))
                    .isPresent());
    String iut = mesh.fingerprint(Mesh.IMPLEMENTATION);
    boolean broadcast = destination.equals(MeshEnvelopes.BROADCAST);
    String to = mesh.fingerprint(destination);
    JsonNode p = relay.path("payload");
    if (!p.path("origin").asText().equals(iut)
        || !p.path("destination").asText().equals(to)
        || p.path("hop_limit").asInt() != hopLimit
        || !MeshEnvelopes.route(relay).equals(List.of(iut))
        || (sent != null
            && reply().path("mesh_id").isTextual()
            && !reply().path("mesh_id").asText().equals(p.path("mesh_id").asText())
            && type.equals(sentType))) {
      throw world.failure(
          "MESH_RELAY origin "
              + iut
              + ", destination "
              + to
              + ", hop_limit "
              + hopLimit
              + ", route ["
              + iut
              + "]; got "
              + p);
    }
    JsonNode inner = mesh.innerOf(relay);
    String receiver = broadcast ? MeshEnvelopes.BROADCAST_FINGERPRINT : to;
    if (!inner.path("sender").path("fingerprint").asText().equals(iut)
        || !inner.path("receiver").path("fingerprint").asText().equals(receiver)) {
      throw world.failure("an inner envelope from " + iut + " to " + receiver + "; got " + inner);
    }
    return inner;
  }
}
