package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.Optional;
import org.web4.conformance.cip.CipPeer;
import org.web4.json.JsonViolation;
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for spec/cip.md §4.2, the handshake with the implementation as responder: named tester
 * peers (each its own identity and RTT connection, {@link Peers}) send HELLO and VERIFY, right or
 * wrong, and check the implementation's HELLO, VERIFY and first STATE_UPDATE.
 */
public final class CipHandshakeSteps {
  private final World world;
  private final Peers peers;
  private final CipState cip;

  public CipHandshakeSteps(World world, Peers peers, CipState cip) {
    this.world = world;
    this.peers = peers;
    this.cip = cip;
  }

  // ------------------------------------------------------------------------------ connecting

  @Given("peer {string} has completed the RTT handshake with the implementation")
  public void rttHandshake(String name) throws IOException, NoiseException, JsonViolation {
    peers.connect(name);
  }

  @Given("peer {string} has completed the CIP handshake with the implementation")
  public void cipHandshake(String name) throws Exception {
    peers.completeCipHandshake(name);
  }

  // ------------------------------------------------------------------------------- handshake

  @When("peer {string} sends HELLO")
  public void sendHello(String name) throws IOException {
    peers.send(name, peers.cip(name).hello("cip/1.0"));
  }

  @When("peer {string} sends HELLO naming only {string}")
  public void sendHelloNaming(String name, String protocol) throws IOException {
    peers.send(name, peers.cip(name).hello(protocol));
  }

  @When("peer {string} answers the HELLO with VERIFY")
  public void sendVerify(String name) throws Exception {
    peers.send(name, peers.cip(name).verify(peers.receives(name, "HELLO"), true));
  }

  @When("peer {string} answers the HELLO with a VERIFY whose challenge response is wrong")
  public void sendBadVerify(String name) throws Exception {
    peers.send(name, peers.cip(name).verify(peers.receives(name, "HELLO"), false));
  }

  @Then("peer {string} receives a HELLO whose challenge response verifies")
  public void helloVerifies(String name) throws Exception {
    JsonNode hello = peers.receives(name, "HELLO");
    if (!peers.cip(name).responderHelloVerifies(hello)) {
      throw world.failure(
          "challenge_response = the implementation's signature of L ‖ C ‖ N_challenger ‖ N_answerer;"
              + " got "
              + hello.path("payload"));
    }
    cip.helloReceived(name, hello);
  }

  @When("peer {string} answers that HELLO with VERIFY")
  public void verifyCached(String name) throws IOException {
    JsonNode hello = cip.hello(name);
    peers.send(name, peers.cip(name).verify(hello, true));
  }

  @When("peer {string} answers that HELLO with a wrong challenge response")
  public void badVerifyCached(String name) throws IOException {
    JsonNode hello = cip.hello(name);
    peers.send(name, peers.cip(name).verify(hello, false));
  }

  @Then("peer {string} receives a {word} on channel {string}")
  public void receivesOn(String name, String type, String channel) throws Exception {
    Optional<CipPeer.Received> r = peers.cip(name).awaitReceived(type, Peers.ANSWER);
    if (r.isEmpty()) {
      throw world.failure(
          "a " + type + " for peer " + name + "; received " + peers.cip(name).received());
    }
    int expected = org.web4.rtt.ChannelNames.STANDARD.indexOf(channel);
    if (r.get().channel() != expected) {
      throw world.failure(type + " on channel " + channel + "; it came on " + r.get().channel());
    }
  }

  @Then("peer {string} receives a STATE_UPDATE with the implementation's view {string}")
  public void stateUpdateView(String name, String view) throws Exception {
    JsonNode s = peers.receives(name, "STATE_UPDATE");
    String got = s.path("trust").path("sender_view").asText("(none)");
    if (!got.equals(view)) {
      throw world.failure("trust.sender_view " + view + " in the STATE_UPDATE; got " + got);
    }
  }
}
