package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.HcpState.list;
import static org.web4.conformance.scenarios.HcpState.same;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.HarnessException;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.vectors.VectorKeys;

/**
 * Steps for spec/hcp.md §4.4 and §4.6 (actions and their delivery): a named peer sends HCP actions;
 * the steps check the implementation's answer on the wire, what it delivered to its human
 * (hcp/sessions inbox) and the actions it sends for its human.
 */
public final class HcpDeliverySteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final HcpState hcp;

  public HcpDeliverySteps(World world, Peers peers, HcpState hcp) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
  }

  // ------------------------------------------------------------------------------ actions

  @When("peer {string} sends an HCP_INTENT about {string}")
  public void sendIntent(String name, String topic) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "request");
    p.put("topic", topic);
    p.put("priority", "normal");
    hcp.send(name, "HCP_INTENT", p);
  }

  @When("peer {string} sends an HCP_INTENT about {string} declaring consent {string}")
  public void sendIntentDeclaring(String name, String topic, String consent) throws IOException {
    hcp.humanOf(name).human.put("consent", consent);
    sendIntent(name, topic);
  }

  @When("peer {string} sends an HCP_INTENT about {string} signed by {string}")
  public void sendIntentSignedBy(String name, String topic, String key) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "request");
    p.put("topic", topic);
    p.put("priority", "normal");
    ObjectNode h = hcp.humanOf(name).human;
    hcp.sendWith(name, "HCP_INTENT", h.deepCopy(), null, p, VectorKeys.key(key));
  }

  /** An action of each type, with a valid payload: the intent is about {@code topic:work}. */
  @When("peer {string} sends an HCP action {word}")
  public void sendAction(String name, String type) throws IOException {
    ObjectNode p = NODES.objectNode();
    switch (type) {
      case "HCP_INTENT" -> {
        sendIntent(name, "topic:work");
        return;
      }
      case "HCP_CONTEXT" -> {
        p.put("context", "some context");
        p.putArray("constraints").add("no_legal_advice");
      }
      case "HCP_DECISION" -> {
        p.put("decision", "go ahead");
        p.put("rationale", "it is the plan");
        p.putArray("alternatives").add("wait").add("stop");
        p.put("follow_up", "check next week");
      }
      case "HCP_FEEDBACK" -> p.put("feedback", "noted");
      default -> throw new IllegalArgumentException("not an HCP action: " + type);
    }
    hcp.send(name, type, p);
  }

  @When("peer {string} sends an HCP_DECISION whose payload is {string}")
  public void sendDecisionPayload(String name, String json) throws IOException, JsonViolation {
    JsonNode p =
        StrictJsonParser.withDepthLimitOnly()
            .parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    hcp.send(name, "HCP_DECISION", (ObjectNode) p);
  }

  @When("peer {string} sends an HCP_FEEDBACK with satisfaction {int}")
  public void sendFeedback(String name, int satisfaction) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("feedback", "how it went");
    p.put("satisfaction", satisfaction);
    hcp.send(name, "HCP_FEEDBACK", p);
  }

  @When("peer {string} sends an HCP_FEEDBACK with satisfaction {int} and the correction {string}")
  public void sendCorrection(String name, int satisfaction, String correction) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("feedback", "how it went");
    p.putArray("corrections").add(correction);
    p.put("satisfaction", satisfaction);
    hcp.send(name, "HCP_FEEDBACK", p);
  }

  // ------------------------------------------------------------------------------ wire checks

  @Then("the implementation accepts peer {string}'s message")
  public void accepts(String name) throws Exception {
    peers.accepted(name);
  }

  @Then("the implementation answers peer {string}'s message with {string}")
  public void answers(String name, String outcome) throws Exception {
    if (outcome.equals("accepted")) {
      peers.accepted(name);
    } else {
      peers.refused(name, outcome);
    }
  }

  @Then("the implementation delivered peer {string}'s message to its human")
  public void delivered(String name) throws HarnessException {
    JsonNode sent = peers.lastSent(name);
    if (sent.isMissingNode()) {
      throw new IllegalStateException(name + " sent nothing");
    }
    for (JsonNode d : hcp.session(name).path("inbox")) {
      if (d.path("msg_id").asText().equals(sent.path("msg_id").asText())) {
        if (!d.path("type").asText().equals(sent.path("type").asText())
            || !same(d.path("payload"), sent.path("payload"))) {
          throw world.failure("the delivered payload unchanged " + sent.path("payload"));
        }
        return;
      }
    }
    throw world.failure("the message " + sent.path("msg_id") + " in the inbox of " + name);
  }

  @Then("the implementation did not deliver peer {string}'s message to its human")
  public void notDelivered(String name) throws Exception {
    String msgId = peers.lastMsgId(name);
    peers.barrier(name); // RTT-FR-006: the implementation has handled the message
    for (JsonNode d : hcp.session(name).path("inbox")) {
      if (d.path("msg_id").asText().equals(msgId)) {
        throw world.failure("no delivery of " + msgId + "; it is in the inbox");
      }
    }
  }

  @Then("the implementation delivered to its human, from peer {string}, in order: {string}")
  public void inboxOrder(String name, String types) throws Exception {
    peers.barrier(name); // RTT-FR-006: the implementation has handled every message of the peer
    List<String> got = new ArrayList<>();
    for (JsonNode d : hcp.session(name).path("inbox")) {
      got.add(d.path("type").asText());
    }
    if (!got.equals(list(types))) {
      throw world.failure("the inbox " + list(types) + "; got " + got);
    }
  }

  @Then("peer {string} receives, in order: {string}")
  public void receivesInOrder(String name, String types) throws Exception {
    peers.barrier(name);
    List<String> got = new ArrayList<>();
    for (JsonNode e : hcp.hcpReceived(name)) {
      got.add(e.path("type").asText());
    }
    if (!got.equals(list(types))) {
      throw world.failure("the HCP messages " + list(types) + " in this order; got " + got);
    }
    for (String t : got) {
      hcp.receives(name, t);
    }
  }

  @Then("peer {string} receives no HCP message")
  public void receivesNothing(String name) throws Exception {
    peers.barrier(name);
    for (CipPeer.Received r : peers.cip(name).received()) {
      JsonNode e = r.envelope();
      if (e != null && e.has("hcp")) {
        throw world.failure("no HCP envelope for " + name + "; got " + e);
      }
    }
  }

  @Then("peer {string} receives the human's HCP_INTENT about {string}")
  public void receivesIntent(String name, String topic) throws Exception {
    JsonNode i = hcp.receives(name, "HCP_INTENT");
    String expected = hcp.actionMsgId();
    if (!i.path("msg_id").asText().equals(expected)
        || !i.path("payload").path("topic").asText().equals(topic)) {
      throw world.failure("the HCP_INTENT " + expected + " about " + topic + "; got " + i);
    }
  }

  @Then("peer {string} receives the human's HCP_DECISION")
  public void receivesDecision(String name) throws Exception {
    JsonNode d = hcp.receives(name, "HCP_DECISION");
    ObjectNode stated = hcp.lastDecision;
    if (stated == null) {
      throw new IllegalStateException("no decision was stated");
    }
    ObjectNode expected = stated.deepCopy();
    expected.remove("peer");
    if (!same(d.path("payload"), expected)
        || !d.path("msg_id").asText().equals(hcp.actionMsgId())) {
      throw world.failure("the HCP_DECISION " + expected + "; got " + d);
    }
  }
}
