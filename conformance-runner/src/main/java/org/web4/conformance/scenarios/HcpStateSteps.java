package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.HcpState.array;
import static org.web4.conformance.scenarios.HcpState.list;
import static org.web4.conformance.scenarios.HcpState.same;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/hcp.md §4.3 (state and consent of the peer's human, the counterpart): a named peer
 * declares its human's state, consent and scope in HCP_STATE_UPDATEs (also malformed ones); the
 * steps check what the implementation sees of it, and that what it sends describes its own human.
 */
public final class HcpStateSteps {
  private final World world;
  private final Peers peers;
  private final HcpState hcp;

  public HcpStateSteps(World world, Peers peers, HcpState hcp) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
  }

  // ------------------------------------------------------------------------------ the counterpart

  @When("peer {string} declares consent {string}")
  public void declareConsent(String name, String consent) throws IOException {
    hcp.humanOf(name).human.put("consent", consent);
    hcp.sendStateUpdate(name);
  }

  @When("peer {string} declares consent {string} to {string}")
  public void declareConsentTo(String name, String consent, String topics) throws IOException {
    hcp.humanOf(name).scope = list(topics);
    hcp.sendHello(name);
    declareConsent(name, consent);
  }

  @When("peer {string} declares pressure {int} and clarity {int}")
  public void declarePressure(String name, int pressure, int clarity) throws IOException {
    hcp.humanOf(name).human.put("pressure", pressure);
    hcp.humanOf(name).human.put("clarity", clarity);
    hcp.sendStateUpdate(name);
  }

  @When("peer {string} declares affect {string}")
  public void declareAffect(String name, String affect) throws IOException {
    hcp.humanOf(name).human.put("affect", affect);
    hcp.sendStateUpdate(name);
  }

  @When("peer {string} declares presence {string}")
  public void declarePresence(String name, String presence) throws IOException {
    hcp.humanOf(name).human.put("presence", presence);
    hcp.sendStateUpdate(name);
  }

  @When("peer {string} sends an HCP_STATE_UPDATE")
  public void sendStateUpdate(String name) throws IOException {
    hcp.sendStateUpdate(name);
  }

  @When(
      "peer {string} sends an HCP_STATE_UPDATE whose payload says consent {string} and whose"
          + " state.human says {string}")
  public void stateUpdateDisagreeing(String name, String inPayload, String inState)
      throws IOException {
    HcpState.PeerHuman h = hcp.humanOf(name);
    ObjectNode state = h.human.deepCopy();
    state.put("consent", inState);
    ObjectNode payload = h.human.deepCopy();
    payload.put("consent", inPayload);
    h.human.put("consent", inPayload);
    hcp.sendWith(name, "HCP_STATE_UPDATE", state, null, payload, peers.cip(name).identity());
  }

  @When(
      "peer {string} sends an HCP_STATE_UPDATE whose state.human has intent {string} and whose"
          + " payload has none")
  public void stateUpdateWithoutIntent(String name, String intent) throws IOException {
    HcpState.PeerHuman h = hcp.humanOf(name);
    h.human.put("intent", intent);
    ObjectNode payload = h.human.deepCopy();
    payload.remove("intent");
    hcp.sendWith(
        name, "HCP_STATE_UPDATE", h.human.deepCopy(), null, payload, peers.cip(name).identity());
  }

  @Then("the implementation sees peer {string}'s human with consent {string} and intent {string}")
  public void seesCounterpart(String name, String consent, String intent) throws HarnessException {
    JsonNode h = hcp.session(name).path("counterpart").path("human");
    if (!h.path("consent").asText().equals(consent) || !h.path("intent").asText().equals(intent)) {
      throw world.failure("counterpart consent " + consent + ", intent " + intent + "; got " + h);
    }
  }

  @Then("the implementation sees peer {string}'s human at level {string} with the scope {string}")
  public void seesCounterpartLevel(String name, String level, String topics)
      throws HarnessException {
    JsonNode c = hcp.session(name).path("counterpart");
    if (!c.path("level").asText().equals(level)
        || !same(c.path("consent_scope"), array(list(topics)))
        || !same(c.path("human"), hcp.humanOf(name).human)) {
      throw world.failure(
          "counterpart "
              + hcp.humanOf(name).human
              + " at level "
              + level
              + " with the scope "
              + list(topics)
              + "; got "
              + c);
    }
  }

  @Then("peer {string} receives an HCP_STATE_UPDATE with the human's state")
  public void stateUpdateWithState(String name) throws Exception {
    JsonNode u = hcp.receives(name, "HCP_STATE_UPDATE");
    if (!same(u.path("payload"), hcp.principal)
        || !same(u.path("state").path("human"), hcp.principal)) {
      throw world.failure(
          "payload and state.human " + hcp.principal + "; got " + u.path("payload") + " / " + u);
    }
  }

  @Then("every HCP envelope peer {string} received since its human last changed describes it")
  public void everyEnvelopeDescribesPrincipal(String name) throws Exception {
    peers.barrier(name);
    List<JsonNode> all = new ArrayList<>(hcp.seen.getOrDefault(name, List.of()));
    all.addAll(hcp.hcpReceived(name));
    for (JsonNode e : all) {
      if (!same(e.path("state").path("human"), hcp.principal)) {
        throw world.failure("state.human " + hcp.principal + " in every HCP envelope; got " + e);
      }
    }
    if (all.isEmpty()) {
      throw world.failure("some HCP envelope for " + name + " since the human last changed");
    }
  }
}
