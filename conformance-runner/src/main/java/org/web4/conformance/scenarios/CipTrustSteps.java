package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/cip.md §4.4 (trust) and §4.3 (load) through the harness: trust anchors, overrides,
 * the implementation's load, and the trust state it holds of each named peer.
 */
public final class CipTrustSteps {
  private final World world;
  private final Peers peers;

  public CipTrustSteps(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  @Given("{string} is a trust anchor of the implementation")
  public void anchor(String name) throws HarnessException {
    Exchange ex = world.harness().trustAnchors(List.of(peers.fingerprintOf(name)));
    world.record(ex);
    world.resetAtEnd();
  }

  // ------------------------------------------------------------------------------------ trust

  @Then("the implementation holds peer {string} as {string}")
  public void holds(String name, String state) throws Exception {
    String fp = peers.fingerprintOf(name);
    AtomicReference<String> got = new AtomicReference<>("untrusted");
    Poll.untilHolds(
        Peers.ANSWER,
        () -> {
          Exchange ex = world.harness().trust();
          world.record(ex);
          got.set("untrusted"); // HAR-CIP-001: a peer in the initial state may be left out
          for (JsonNode p : ex.reply().path("peers")) {
            if (p.path("fingerprint").asText().equals(fp)) {
              got.set(p.path("state").asText());
            }
          }
          return state.equals(got.get());
        },
        () -> world.failure("trust state of " + name + " " + state + "; got " + got.get()));
  }

  @When("the operator sets peer {string} to {string}")
  public void override(String name, String state) throws HarnessException {
    String fp = peers.fingerprintOf(name);
    world.record(world.harness().trustOverride(fp, state));
    world.resetAtEnd();
  }

  @When("the implementation's load is {string} with lri {int}")
  public void load(String presence, int lri) throws HarnessException {
    world.record(world.harness().localState(presence, lri));
    world.resetAtEnd();
  }
}
