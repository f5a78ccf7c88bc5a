package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.Optional;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/hcp.md §4.7 (HCP trust): the trust views in HCP envelopes both ways and the trust
 * state the implementation reports of each session.
 */
public final class HcpTrustSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final HcpState hcp;

  public HcpTrustSteps(World world, Peers peers, HcpState hcp) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
  }

  @When("peer {string} sends an HCP_STATE_UPDATE with the view {string}")
  public void stateUpdateWithView(String name, String view) throws IOException {
    ObjectNode trust = NODES.objectNode();
    trust.put("sender_view", view);
    trust.put("receiver_view", "probing");
    ObjectNode h = hcp.humanOf(name).human;
    hcp.sendWith(
        name, "HCP_STATE_UPDATE", h.deepCopy(), trust, h.deepCopy(), peers.cip(name).identity());
  }

  @Then("peer {string} receives an HCP_HELLO with the implementation's view {string}")
  public void helloWithView(String name, String view) throws Exception {
    JsonNode hello = hcp.receives(name, "HCP_HELLO");
    String got = hello.path("trust").path("sender_view").asText("(none)");
    if (!got.equals(view)) {
      throw world.failure("trust.sender_view " + view + " in the HCP_HELLO; got " + got);
    }
  }

  @Then("peer {string} receives an HCP_HELLO with the views {string} and {string}")
  public void helloWithViews(String name, String view, String receiverView) throws Exception {
    hcp.views(hcp.receives(name, "HCP_HELLO"), view, receiverView);
  }

  @Then("the implementation's HCP view of peer {string} is {string}")
  public void hcpView(String name, String state) throws HarnessException {
    String got = hcp.session(name).path("trust").asText();
    if (!got.equals(state)) {
      throw world.failure("the HCP trust state of " + name + " " + state + "; got " + got);
    }
  }

  @Then("the next HCP_STATE_UPDATE peer {string} receives has the receiver view {string}")
  public void receiverView(String name, String view) throws Exception {
    Optional<CipPeer.Received> r =
        peers
            .cip(name)
            .awaitReceived(
                "HCP_STATE_UPDATE", Peers.ANSWER); // the implementation announces every change so
    if (r.isEmpty() || r.get().envelope() == null) {
      throw world.failure("an HCP_STATE_UPDATE for " + name);
    }
    String got = r.get().envelope().path("trust").path("receiver_view").asText("(none)");
    if (!got.equals(view)) {
      throw world.failure("trust.receiver_view " + view + "; got " + got);
    }
  }
}
