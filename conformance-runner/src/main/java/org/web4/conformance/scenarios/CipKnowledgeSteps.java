package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.web4.conformance.harness.Exchange;

/**
 * Steps for spec/cip.md §4.5 (knowledge): named peers propose, confirm, reject and challenge facts;
 * the steps check the verdicts the implementation sends and, through the harness (knowledge), the
 * status it holds.
 */
public final class CipKnowledgeSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final CipState cip;

  public CipKnowledgeSteps(World world, Peers peers, CipState cip) {
    this.world = world;
    this.peers = peers;
    this.cip = cip;
  }

  // -------------------------------------------------------------------------------- knowledge

  @When("peer {string} proposes the fact {string}")
  public void propose(String name, String fact) throws IOException {
    proposeWith(name, fact, true);
  }

  @When("peer {string} proposes the fact {string} without a DMP trace")
  public void proposeWithoutTrace(String name, String fact) throws IOException {
    proposeWith(name, fact, false);
  }

  private void proposeWith(String name, String fact, boolean trace) throws IOException {
    ObjectNode p = NODES.objectNode();
    ObjectNode f = p.putObject("fact");
    f.put("statement", "statement " + fact);
    f.put("domain", "conformance");
    f.put("confidence", 0.9);
    f.putArray("sources");
    if (trace) {
      ObjectNode t = p.putObject("dmp_trace");
      t.put("decision_id", world.freshUuid().toString());
      t.putArray("steps").add("observed");
      t.putArray("evidence");
    }
    ObjectNode e = peers.cip(name).envelope("FACT_PROPOSE", p);
    cip.proposed(fact, e.path("msg_id").asText());
    peers.send(name, e);
  }

  @When("peer {string} confirms the fact {string}")
  public void confirm(String name, String fact) throws IOException {
    review(name, fact, "FACT_CONFIRM", "confirm");
  }

  @When("peer {string} rejects the fact {string}")
  public void reject(String name, String fact) throws IOException {
    review(name, fact, "FACT_REJECT", "reject");
  }

  @When("peer {string} challenges the fact {string} with reason {string}")
  public void challenge(String name, String fact, String reason) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", cip.factId(fact));
    p.put("reason", reason);
    peers.send(name, peers.cip(name).envelope("FACT_CHALLENGE", p));
  }

  @When("peer {string} confirms a fact the implementation never saw")
  public void confirmUnknown(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", world.freshUuid().toString());
    p.put("decision", "confirm");
    p.put("confidence", 1);
    peers.send(name, peers.cip(name).envelope("FACT_CONFIRM", p));
  }

  private void review(String name, String fact, String type, String decision) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", cip.factId(fact));
    p.put("decision", decision);
    p.put("confidence", decision.equals("confirm") ? 1 : 0);
    peers.send(name, peers.cip(name).envelope(type, p));
  }

  /**
   * The PING barrier (rtt.md RTT-FR-006): the implementation has judged every envelope the peer
   * sent, so that a harness operation after this step (a trust override) comes after them
   * (spec/cip.md §4.5 "When trust and load are read").
   */
  @When("the implementation has handled every message of peer {string}")
  public void handled(String name) throws Exception {
    peers.barrier(name);
  }

  /** The peer's last envelope again, byte for byte: the same msg_id (ENV-RPL-001). */
  @When("peer {string} sends its last envelope again")
  public void again(String name) throws IOException {
    JsonNode last = peers.lastSent(name);
    if (!last.isObject()) {
      throw world.failure("peer " + name + " to have sent an envelope before");
    }
    peers.send(name, ((ObjectNode) last).deepCopy());
  }

  @Then("peer {string} receives a {word} for the fact {string}")
  public void outcome(String name, String type, String fact) throws Exception {
    JsonNode r = peers.receives(name, type);
    String ref = r.path("payload").path("fact_ref").asText();
    if (!ref.equals(cip.factId(fact))) {
      throw world.failure(type + " with fact_ref " + cip.factId(fact) + "; got " + ref);
    }
  }

  @Then("peer {string} receives no verdict on the fact {string}")
  public void noOutcome(String name, String fact) throws Exception {
    // The confirmations before were delivered (their credit came back); the peer's barrier
    // (rtt.md RTT-FR-006) lets a verdict sent on its connection before the PONG arrive.
    peers.barrier(name);
    for (String t : List.of("FACT_CONFIRM", "FACT_REJECT")) {
      if (peers.cip(name).awaitEnvelope(t, Duration.ZERO).isPresent()) {
        throw world.failure("no verdict on " + fact + " yet; got " + t);
      }
    }
  }

  @Then("the implementation reports the fact {string} as {string}")
  public void factStatus(String fact, String status) throws Exception {
    AtomicReference<String> got = new AtomicReference<>("(absent)");
    Poll.untilHolds(
        Peers.ANSWER,
        () -> {
          Exchange ex = world.harness().knowledge();
          world.record(ex);
          for (JsonNode f : ex.reply().path("facts")) {
            if (f.path("fact_ref").asText().equals(cip.factId(fact))) {
              got.set(f.path("status").asText());
            }
          }
          return status.equals(got.get());
        },
        () -> world.failure("knowledge: fact " + fact + " " + status + "; got " + got.get()));
  }
}
