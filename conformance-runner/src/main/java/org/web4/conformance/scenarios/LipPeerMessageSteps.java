package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.web4.conformance.lip.LipPeer;
import org.web4.envelope.Timestamps;

/**
 * Steps for spec/lip.md §4.7–4.8 from the peers' side: named peers send LIP_EVIDENCE, votes
 * (LIP_ACCEPT, LIP_REJECT) and conflict reports, well formed or not; the steps check whether the
 * implementation refuses them on the wire.
 */
public final class LipPeerMessageSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final LipState lip;
  private final HeldClock heldClock;

  public LipPeerMessageSteps(World world, Peers peers, LipState lip, HeldClock heldClock) {
    this.world = world;
    this.peers = peers;
    this.lip = lip;
    this.heldClock = heldClock;
  }

  @When("peer {string} accepts the evidence of {string}")
  public void accept(String name, String path) throws Exception {
    vote(name, "LIP_ACCEPT", "accept", lip.evidenceId(path));
  }

  @When("peer {string} rejects the evidence of {string}")
  public void reject(String name, String path) throws Exception {
    vote(name, "LIP_REJECT", "reject", lip.evidenceId(path));
  }

  @When("peer {string} accepts an evidence the implementation never held")
  public void acceptUnknown(String name) throws Exception {
    vote(name, "LIP_ACCEPT", "accept", world.freshUuid().toString());
  }

  private void vote(String name, String type, String decision, String ref) throws Exception {
    ObjectNode p = NODES.objectNode();
    p.put("evidence_ref", ref);
    p.put("decision", decision);
    p.put("reason", "checked by the conformance tester");
    p.putArray("corroborators");
    ObjectNode e = peers.lip(name).envelope(type, p, null);
    peers.sent(name, e);
    peers.lip(name).sendAndWaitForDelivery(e);
  }

  @When("peer {string} reports a conflict with the claim {string} of {string}")
  public void report(String name, String claim, String path) throws Exception {
    reportWith(name, claim, path, "high");
  }

  @When(
      "peer {string} reports a conflict with the claim {string} of {string} with severity {string}")
  public void reportWith(String name, String claim, String path, String severity) throws Exception {
    ObjectNode p = NODES.objectNode();
    p.putArray("conflicts").add(claim);
    p.putArray("local_refs");
    p.put("severity", severity);
    ObjectNode e = peers.lip(name).envelope("LIP_CONFLICT", p, sourceBlock(path, "unknown", 0));
    peers.sent(name, e);
    peers.lip(name).sendAndWaitForDelivery(e);
  }

  private ObjectNode sourceBlock(String path, String tier, long aheadSeconds) throws IOException {
    ObjectNode s = NODES.objectNode();
    s.put("uri", lip.uri(path));
    s.put("trust_tier", tier);
    // on the implementation's clock: exactly, when the scenario holds it (HAR-CLK-002, so that
    // "300 s ahead" reaches it as 300 s), else the tester's, which it follows in real time
    Instant now =
        heldClock
            .reading()
            .orElseGet(
                () ->
                    Instant.ofEpochMilli(org.web4.conformance.rtt.TesterContext.clock().millis()));
    s.put("retrieved_at", Timestamps.format(now.plusSeconds(aheadSeconds)));
    return s;
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} with the claim {string}")
  public void peerEvidence(String name, String path, String claim) throws Exception {
    sendEvidence(name, path, claim, true, "unknown", 0);
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} with no evidence entries")
  public void peerEvidenceWithout(String name, String path) throws Exception {
    sendEvidence(name, path, "claim of " + path, false, "unknown", 0);
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} declaring tier {string}")
  public void peerEvidenceDeclaring(String name, String path, String tier) throws Exception {
    sendEvidence(name, path, "claim of " + path, true, tier, 0);
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} retrieved {int} seconds ahead")
  public void peerEvidenceAhead(String name, String path, int seconds) throws Exception {
    sendEvidence(name, path, "claim of " + path, true, "unknown", seconds);
  }

  private void sendEvidence(
      String name, String path, String claim, boolean withEvidence, String tier, long ahead)
      throws Exception {
    ObjectNode p = NODES.objectNode();
    p.putArray("claims").add(claim);
    ArrayNode ev = p.putArray("evidence");
    if (withEvidence) {
      ev.add("a citation for " + claim);
    }
    p.put("confidence", 0.8);
    ObjectNode e = peers.lip(name).envelope("LIP_EVIDENCE", p, sourceBlock(path, tier, ahead));
    peers.sent(name, e);
    lip.evidenceIds.put(path, e.path("msg_id").asText());
    peers.lip(name).sendAndWaitForDelivery(e);
  }

  @When("peer {string} sends {int} LIP_EVIDENCE from {string}")
  public void manyEvidence(String name, int n, String path) throws Exception {
    LipPeer peer = peers.lip(name);
    for (int i = 0; i < n; i++) {
      ObjectNode p = NODES.objectNode();
      p.putArray("claims").add("claim " + i + " of " + path);
      p.putArray("evidence").add("citation " + i);
      p.put("confidence", 0.8);
      ObjectNode e = peer.envelope("LIP_EVIDENCE", p, sourceBlock(path, "unknown", 0));
      peer.send(e);
      if (i % 50 == 49) {
        lip.barrier(name); // keeps within the RTT window and lets the implementation catch up
      }
    }
    lip.barrier(name);
  }

  @Then("the implementation refuses peer {string}'s LIP message with {string}")
  public void refused(String name, String code) throws Exception {
    String msgId = peers.lastMsgId(name);
    Optional<LipPeer.Received> e =
        peers
            .lip(name)
            .await(x -> x.error() != null && msgId.equals(x.error().msgId()), LipState.BOUND);
    if (e.isEmpty()) {
      throw world.failure(
          "an ERROR " + code + " naming " + msgId + "; received " + lip.received(name));
    }
    var err = e.get().error();
    if (err == null || !err.code().equals(code) || e.get().channel() != LipPeer.KNOWLEDGE) {
      throw world.failure(
          "ERROR " + code + " on knowledge naming " + msgId + "; got " + e.get().describe());
    }
    lip.barrier(name); // a non-closing ERROR: the connection answers a PING afterwards
  }

  @Then("the implementation does not refuse peer {string}'s LIP message")
  public void notRefused(String name) throws Exception {
    String msgId = peers.lastMsgId(name);
    lip.barrier(name);
    for (LipPeer.Received r : peers.lip(name).all()) {
      if (r.error() != null && msgId.equals(r.error().msgId())) {
        throw world.failure("no ERROR naming " + msgId + "; got " + r.describe());
      }
    }
  }
}
