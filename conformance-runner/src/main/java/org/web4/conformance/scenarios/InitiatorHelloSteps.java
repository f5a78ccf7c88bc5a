package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Base64;
import org.web4.conformance.cip.CipPeer;
import org.web4.envelope.EnvelopeBuilder;

/**
 * spec/cip.md §4.2: an initiator's HELLO never carries a challenge response [CIP-HS-007]; the
 * responder refuses one and does not answer it.
 */
public final class InitiatorHelloSteps {
  private final World world;
  private final Peers peers;

  public InitiatorHelloSteps(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  @When("peer {string} sends HELLO carrying a challenge response")
  public void helloWithResponse(String name) throws Exception {
    CipPeer peer = peers.cip(name);
    ObjectNode hello = peer.hello("cip/1.0");
    byte[] signature = new byte[64]; // any 64 bytes: the field must not be there at all
    java.util.Arrays.fill(signature, (byte) 0x2a);
    hello
        .withObjectProperty("payload")
        .put("challenge_response", Base64.getEncoder().encodeToString(signature));
    peers.send(name, EnvelopeBuilder.signed(hello, peer.identity()));
  }

  /**
   * A PING barrier (RTT-FR-006): whatever the implementation sent in answer to the peer's earlier
   * messages has arrived before the PONG; none of it may be a HELLO.
   */
  @Then("peer {string} receives no HELLO before the answer to a PING")
  public void noHello(String name) throws Exception {
    CipPeer peer = peers.cip(name);
    if (!peer.barrier(RttState.ANSWER)) {
      throw world.failure(
          "a PONG for peer " + name + " within " + RttState.ANSWER.toSeconds() + " s");
    }
    for (CipPeer.Received r : peer.received()) {
      JsonNode e = r.envelope();
      if (e != null && e.path("type").asText().equals("HELLO")) {
        throw world.failure("no HELLO in answer to a HELLO with a challenge response; got " + e);
      }
    }
  }
}
