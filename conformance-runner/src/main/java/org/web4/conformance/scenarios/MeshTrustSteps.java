package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.Before;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.HarnessInfo;
import org.web4.conformance.mesh.MeshEnvelopes;
import org.web4.json.StrictJsonParser;

/**
 * Steps for spec/mesh.md §3 (payloads any mesh envelope must conform to), §4.1 (sessions only) and
 * §4.6 (vouches): a peer sends a mesh envelope of any payload or a MESH_VOUCH; the steps check the
 * MESH_VOUCHes the implementation sends, the absence of any mesh envelope before a handshake or to
 * a peer it does not trust (MESH-GATE-002), and harness {@code info} (HAR-INFO-006). In a payload,
 * {@code {fp:NAME}} is the fingerprint NAME stands for (a peer, a far agent, {@code
 * implementation}), then the placeholders of {@code Placeholders}.
 */
public final class MeshTrustSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern FP = Pattern.compile("\\{fp:([A-Za-z0-9_-]+)\\}");
  private final World world;
  private final Peers peers;
  private final Mesh mesh;
  private final CipState cip;

  public MeshTrustSteps(World world, Peers peers, Mesh mesh, CipState cip) {
    this.world = world;
    this.peers = peers;
    this.mesh = mesh;
    this.cip = cip;
  }

  /** The peers of a mesh scenario take part in the mesh: their HELLOs say supports_mesh. */
  @Before(value = "@mesh", order = 1)
  public void meshPeers() {
    peers.supportMesh();
  }

  // ------------------------------------------------------------------------------ sessions

  @Given("peer {string} does not take part in the mesh")
  public void withoutMesh(String peer) {
    peers.withoutMesh(peer);
  }

  /** [MESH-GATE-003] the implementation's HELLO says supports_mesh true. */
  @Then("the HELLO peer {string} received says the implementation supports the mesh")
  public void helloSupportsMesh(String peer) {
    JsonNode f = cip.hello(peer).path("payload").path("features");
    if (!f.path("supports_mesh").isBoolean() || !f.path("supports_mesh").asBoolean()) {
      throw world.failure("features.supports_mesh true in the HELLO; got " + cip.hello(peer));
    }
  }

  /** [MESH-SES-001] a mesh envelope signed by another identity than the session's peer. */
  @When("peer {string} sends a MESH_ROUTES signed by {string}")
  public void impersonated(String peer, String signer) throws Exception {
    world.resetAtEnd();
    CipPeer p = peers.cip(peer);
    ObjectNode payload = NODES.objectNode();
    payload.putArray("routes");
    var key = mesh.key(signer);
    ObjectNode e =
        MeshEnvelopes.signed(
            MeshEnvelopes.unsigned(
                "MESH_ROUTES",
                p.freshUuid(),
                java.time.Instant.ofEpochMilli(
                    org.web4.conformance.rtt.TesterContext.clock().millis()),
                signer,
                key,
                p.implementationAgentId(),
                p.implementationFingerprint(),
                payload),
            key);
    peers.send(peer, e);
  }

  // ------------------------------------------------------------------------------ messages

  @When("peer {string} sends a mesh {word} with the payload {string}")
  public void sendPayload(String peer, String type, String payload) throws Exception {
    Matcher m = FP.matcher(payload);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(mesh.fingerprint(m.group(1))));
    }
    m.appendTail(b);
    String text = Placeholders.expand(b.toString(), world);
    ObjectNode p =
        (ObjectNode)
            StrictJsonParser.withEnvelopeLimits()
                .parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    world.resetAtEnd();
    peers.send(peer, peers.cip(peer).meshEnvelope(type, p));
  }

  /** [MESH-MSG-001…004] a conforming payload is not refused with PAYLOAD_SCHEMA. */
  @Then("the implementation does not refuse peer {string}'s message with {string}")
  public void notRefused(String peer, String code) throws Exception {
    String msgId = peers.lastMsgId(peer);
    peers.barrier(peer);
    for (CipPeer.Received r : peers.cip(peer).received()) {
      if (r.error() != null && r.error().code().equals(code) && msgId.equals(r.error().msgId())) {
        throw world.failure("no ERROR " + code + " for " + msgId + "; got " + r.error());
      }
    }
  }

  /** After its barrier, the peer takes everything it received so far: later steps see the rest. */
  @When("peer {string} sets aside what it received")
  public void setAside(String peer) throws Exception {
    peers.barrier(peer);
    CipPeer p = peers.cip(peer);
    while (p.awaitMatching(e -> true, java.time.Duration.ZERO).isPresent()) {
      // taken: no longer among what the peer received
    }
  }

  /** [MESH-GATE-002] no mesh envelope reached the peer (after its barrier). */
  @Then("peer {string} receives no mesh envelope")
  public void noMesh(String peer) throws Exception {
    peers.barrierAll();
    for (CipPeer.Received r : peers.cip(peer).received()) {
      if (r.envelope() != null && r.envelope().has("mesh")) {
        throw world.failure("no mesh envelope for peer " + peer + "; got " + r.envelope());
      }
    }
  }

  /** [HAR-INFO-006] the protocol is listed in info with the version. */
  @Then("the implementation's info lists the protocol {string} at version {string}")
  public void protocol(String protocol, String version) throws Exception {
    HarnessInfo info = world.harness().info();
    JsonNode versions = info.raw().path("protocols").path(protocol);
    boolean found = false;
    for (JsonNode v : versions) {
      found |= v.asText().equals(version);
    }
    if (!found) {
      throw world.failure("protocols." + protocol + " listing " + version + "; got " + info.raw());
    }
  }

  // ------------------------------------------------------------------------------ vouches

  @When("peer {string} vouches for {string} with view {string}")
  public void vouch(String peer, String subject, String view) throws Exception {
    world.resetAtEnd();
    ObjectNode p = NODES.objectNode();
    p.put("subject", mesh.fingerprint(subject));
    p.put("view", view);
    peers.send(peer, peers.cip(peer).meshEnvelope("MESH_VOUCH", p));
  }

  /** [MESH-TRU-003] a MESH_VOUCH with view trusted about the subject. */
  @Then("peer {string} receives a MESH_VOUCH for {string}")
  public void receivesVouch(String peer, String subject) throws Exception {
    String fp = mesh.fingerprint(subject);
    if (peers
        .cip(peer)
        .awaitMatching(e -> isVouch(e, fp) && e.has("mesh"), Peers.ANSWER)
        .filter(e -> e.path("payload").path("view").asText().equals("trusted"))
        .isEmpty()) {
      throw world.failure(
          "a MESH_VOUCH with view trusted about "
              + subject
              + " for peer "
              + peer
              + "; received "
              + peers.cip(peer).received());
    }
  }

  /** [MESH-TRU-003] "MUST NOT send a MESH_VOUCH … about a peer it does not hold trusted". */
  @Then("peer {string} receives no MESH_VOUCH for {string}")
  public void noVouch(String peer, String subject) throws Exception {
    String fp = mesh.fingerprint(subject);
    peers.barrierAll();
    for (CipPeer.Received r : peers.cip(peer).received()) {
      if (r.envelope() != null && isVouch(r.envelope(), fp)) {
        throw world.failure("no MESH_VOUCH about " + subject + "; got " + r.envelope());
      }
    }
  }

  private static boolean isVouch(JsonNode e, String subject) {
    return e.path("type").asText().equals("MESH_VOUCH")
        && e.path("payload").path("subject").asText().equals(subject);
  }
}
