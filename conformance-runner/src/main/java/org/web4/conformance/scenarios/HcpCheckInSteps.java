package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.HcpState.list;
import static org.web4.conformance.scenarios.HcpState.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/hcp.md §4.5 (check-ins), both ways: a named peer checks in or answers the
 * implementation's check-in (HCP_CONTEXT constraints), the runner's human answers a peer's check-in
 * (human/check-in), and the steps check the check-in messages and states.
 */
public final class HcpCheckInSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final HcpState hcp;

  public HcpCheckInSteps(World world, Peers peers, HcpState hcp) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
  }

  @When("peer {string} checks in")
  public void checksIn(String name) throws IOException {
    sendContext(name, "check_in");
  }

  @When("peer {string} answers the check-in with {string}")
  public void answersCheckIn(String name, String flag) throws IOException {
    sendContext(name, flag);
  }

  @When("peer {string} sends an HCP_CONTEXT with the constraints {string}")
  public void sendContext(String name, String constraints) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("context", "checking in");
    strings(p.putArray("constraints"), list(constraints));
    hcp.send(name, "HCP_CONTEXT", p);
  }

  @When("the implementation's human answers peer {string}'s check-in with {string}")
  public void answersPeersCheckIn(String name, String answer) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer", peers.fingerprintOf(name));
    req.put("proceed", answer.equals("proceed"));
    hcp.lastCheckIn = hcp.call("human/check-in", req, "human_check_in").reply();
    if (hcp.lastCheckIn.path("answered").asBoolean()) {
      hcp.checkInAnswers.add(hcp.lastCheckIn.path("msg_id").asText());
    }
  }

  @Then("peer {string} receives a check-in request")
  public void receivesCheckInRequest(String name) throws Exception {
    JsonNode c = hcp.receivesContext(name, "check_in");
    JsonNode a = hcp.lastAction;
    if (a != null
        && a.path("status").asText().equals("check_in_requested")
        && !c.path("msg_id").asText().equals(a.path("msg_id").asText())) {
      throw world.failure(
          "the check-in request " + a.path("msg_id") + " the harness named; got " + c);
    }
  }

  @Then("peer {string} receives the check-in answer {string}")
  public void receivesCheckInAnswer(String name, String flag) throws Exception {
    JsonNode c = hcp.receivesContext(name, flag);
    if (!hcp.checkInAnswers.isEmpty() && !hcp.checkInAnswers.contains(c.path("msg_id").asText())) {
      throw world.failure(
          "one of the answers " + hcp.checkInAnswers + " the harness named; got " + c);
    }
  }

  @Then("peer {string} receives the check-in answer {string} with the views {string} and {string}")
  public void answerWithViews(String name, String flag, String view, String receiverView)
      throws Exception {
    hcp.views(hcp.receivesContext(name, flag), view, receiverView);
  }

  @Then("the implementation says that no check-in of peer {string} was waiting")
  public void noCheckInWaiting(String name) {
    JsonNode c = hcp.lastCheckIn;
    if (c == null || c.path("answered").asBoolean(true) || !c.path("msg_id").isNull()) {
      throw world.failure("{\"answered\":false,\"msg_id\":null} for " + name + "; got " + c);
    }
  }

  @Then(
      "the implementation reports the check-ins of peer {string} as incoming {string} and"
          + " outgoing {string}")
  public void checkIns(String name, String incoming, String outgoing) throws HarnessException {
    JsonNode c = hcp.session(name).path("check_in");
    if (!c.path("incoming").asText().equals(incoming)
        || !c.path("outgoing").asText().equals(outgoing)) {
      throw world.failure("incoming " + incoming + ", outgoing " + outgoing + "; got " + c);
    }
  }
}
