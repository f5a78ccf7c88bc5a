package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.HcpState.array;
import static org.web4.conformance.scenarios.HcpState.list;
import static org.web4.conformance.scenarios.HcpState.same;
import static org.web4.conformance.scenarios.HcpState.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/hcp.md §4.4 from the principal's side, through the harness (HAR-HCP-001..002): the
 * runner plays the implementation's human ({@code human/*}), sets its state and consent, states
 * intents and decisions, and checks the level and the ACTION each call answers.
 */
public final class HcpPrincipalSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final HcpState hcp;

  public HcpPrincipalSteps(World world, Peers peers, HcpState hcp) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
  }

  // ------------------------------------------------------------------------------ the principal

  @When("the implementation's human has pressure {int} and clarity {int}")
  public void principalPressure(int pressure, int clarity) throws HarnessException {
    hcp.principal.put("pressure", pressure);
    hcp.principal.put("clarity", clarity);
    postState();
  }

  @When("the implementation's human has affect {string}")
  public void principalAffect(String affect) throws HarnessException {
    hcp.principal.put("affect", affect);
    postState();
  }

  @When("the implementation's human has presence {string}")
  public void principalPresence(String presence) throws HarnessException {
    hcp.principal.put("presence", presence);
    postState();
  }

  @When("the implementation's human has the intent {string}")
  public void principalIntent(String intent) throws HarnessException {
    hcp.principal.put("intent", intent);
    postState();
  }

  private void postState() throws HarnessException {
    ObjectNode req = hcp.principal.deepCopy();
    req.remove("consent");
    hcp.seen.clear();
    hcp.lastHumanReply = hcp.call("human/state", req, "human_state").reply();
  }

  @When("the implementation's human gives consent {string}")
  public void principalConsent(String consent) throws HarnessException {
    principalConsentTo(consent, "");
  }

  @When("the implementation's human gives consent {string} to {string}")
  public void principalConsentTo(String consent, String topics) throws HarnessException {
    hcp.principal.put("consent", consent);
    hcp.principalScope = list(topics);
    postConsent();
  }

  @When("the implementation's human has the safety flag {string}")
  public void principalFlag(String flag) throws HarnessException {
    hcp.principalFlags = list(flag);
    postConsent();
  }

  private void postConsent() throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("consent", hcp.principal.path("consent").asText());
    strings(req.putArray("consent_scope"), hcp.principalScope);
    strings(req.putArray("safety_flags"), hcp.principalFlags);
    hcp.seen.clear();
    hcp.lastHumanReply = hcp.call("human/consent", req, "human_consent").reply();
  }

  @When("the implementation's human states the intent {string} about {string} to peer {string}")
  public void statesIntent(String goal, String topic, String name) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer", peers.fingerprintOf(name));
    req.put("goal", goal);
    req.put("topic", topic);
    req.put("priority", "normal");
    hcp.lastAction = hcp.call("human/intent", req, "human_intent").reply();
  }

  @When("the implementation's human decides {string} for peer {string}")
  public void decides(String decision, String name) throws HarnessException {
    decide(decision, name, true);
  }

  @When("the implementation's human decides {string} for peer {string} without a follow-up")
  public void decidesWithoutFollowUp(String decision, String name) throws HarnessException {
    decide(decision, name, false);
  }

  private void decide(String decision, String name, boolean followUp) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer", peers.fingerprintOf(name));
    req.put("decision", decision);
    req.put("rationale", "the reasons of " + decision);
    req.putArray("alternatives").add("wait a week").add("ask someone else");
    if (followUp) {
      req.put("follow_up", "look again on Monday");
    }
    hcp.lastDecision = req;
    hcp.lastAction = hcp.call("human/decision", req, "human_decision").reply();
  }

  @When(
      "the implementation's human tries to decide {string} for peer {string} without alternatives")
  public void decidesWithoutAlternatives(String decision, String name) {
    ObjectNode req = NODES.objectNode();
    req.put("peer", peers.fingerprintOf(name));
    req.put("decision", decision);
    req.put("rationale", "no choice");
    req.putArray("alternatives");
    world.resetAtEnd();
    try {
      world.record(world.harness().hcp("human/decision", req));
      hcp.lastRefusal = null;
    } catch (HarnessException e) {
      hcp.lastRefusal = e;
    }
  }

  @Then("the harness refused the request with status {int}")
  public void harnessRefused(int status) {
    HarnessException e = hcp.lastRefusal;
    if (e == null || e.status() != status) {
      throw world.failure(
          "HTTP "
              + status
              + " for the request; got "
              + (e == null ? "200 " + world.lastExchange().reply() : e.getMessage()));
    }
  }

  // ------------------------------------------------------------------------------ harness checks

  @Then("the human's action is {string}")
  public void actionIs(String status) {
    JsonNode a = hcp.action();
    if (!a.path("status").asText().equals(status)) {
      throw world.failure("status " + status + "; got " + a);
    }
  }

  @Then("the human's action is refused with {string}")
  public void actionRefused(String code) {
    actionIs("refused");
    if (!hcp.action().path("code").asText().equals(code)) {
      throw world.failure("code " + code + "; got " + hcp.action());
    }
  }

  @Then("the human's action is deferred with a retry after {int} ms")
  public void actionDeferredFor(int ms) {
    actionIs("deferred");
    if (hcp.action().path("retry_after_ms").asLong(-1) != ms) {
      throw world.failure("retry_after_ms " + ms + "; got " + hcp.action());
    }
  }

  @Then("the human's action is deferred with a retry of at most {int} ms")
  public void actionDeferredAtMost(int ms) {
    actionIs("deferred");
    long got = hcp.action().path("retry_after_ms").asLong(-1);
    if (got < 1 || got > ms) {
      throw world.failure("retry_after_ms between 1 and " + ms + "; got " + hcp.action());
    }
  }

  @Then("the human's action is deferred without a retry time")
  public void actionDeferredWithout() {
    actionIs("deferred");
    if (!hcp.action().path("retry_after_ms").isNull()) {
      throw world.failure("retry_after_ms null; got " + hcp.action());
    }
  }

  @Then("the implementation's human is at level {string}")
  public void principalLevel(String level) throws HarnessException {
    JsonNode p = hcp.sessions().path("principal");
    if (!p.path("level").asText().equals(level)
        || !same(p.path("human"), hcp.principal)
        || !same(p.path("consent_scope"), array(hcp.principalScope))
        || !same(p.path("safety_flags"), array(hcp.principalFlags))) {
      throw world.failure(
          "principal "
              + hcp.principal
              + ", scope "
              + hcp.principalScope
              + ", flags "
              + hcp.principalFlags
              + " at level "
              + level
              + "; got "
              + p);
    }
    JsonNode r = hcp.lastHumanReply;
    if (r != null && !r.path("level").asText().equals(level)) {
      throw world.failure("the human/* reply at level " + level + " too; got " + r);
    }
  }

  @Then("the implementation's human is back in its initial state")
  public void principalInitial() throws HarnessException {
    hcp.principal = HcpState.human();
    hcp.principalScope = List.of();
    hcp.principalFlags = List.of();
    hcp.lastHumanReply = null;
    principalLevel("allow");
  }
}
