package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.Optional;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.RttLimits;
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for spec/rtt.md §3 (the handshake, the implementation as responder): the tester connects,
 * sends the Noise XX messages (also wrong ones) and checks the implementation's answer and its
 * identity payload.
 */
public final class RttHandshakeSteps {
  private final World world;
  private final RttState rtt;

  public RttHandshakeSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  // ----------------------------------------------------------------------------------- connect

  @Given("the scenario clock is the current time")
  public void currentTime() {
    world.useCurrentTime();
  }

  @Given("the tester is connected to the implementation over TCP")
  public void connected() throws IOException {
    rtt.use(
        world.closeAtEnd(TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed())));
  }

  @Given("the tester has completed the RTT handshake with the implementation")
  public void handshaken() throws IOException, NoiseException {
    connected();
    rtt.peer().handshake();
  }

  // --------------------------------------------------------------------------------- handshake

  @When("the tester sends handshake message 1")
  public void message1() throws IOException, NoiseException {
    rtt.peer().sendMessage1(new byte[0]);
  }

  @When("the tester sends handshake message 1 with a {int}-byte payload")
  public void message1WithPayload(int length) throws IOException, NoiseException {
    rtt.peer().sendMessage1(new byte[length]);
  }

  @Then("the implementation answers with handshake message 2")
  public void message2() throws IOException, NoiseException {
    Optional<byte[]> m2 = readHandshakeMessage();
    if (m2.isEmpty()) {
      throw world.failure("handshake message 2; the implementation closed the connection");
    }
    rtt.peer().readMessage2(m2.get());
  }

  @When("the tester sends handshake message 3 with the identity payload {string}")
  public void message3(String variant) throws IOException, NoiseException {
    rtt.peer().sendMessage3(rtt.peer().payload(variant));
  }

  /** [RTT-HS-007] the implementation's frame 0 is a PING; the tester answers it. */
  @Then("the implementation confirms the handshake with a PING as its frame 0")
  public void confirmation() {
    try {
      rtt.peer().confirm();
    } catch (IOException e) {
      throw world.failure(String.valueOf(e.getMessage()));
    }
  }

  @When("the tester sends handshake message 3 with a corrupted authentication tag")
  public void corruptedMessage3() throws IOException, NoiseException {
    rtt.peer().sendCorruptedMessage3(rtt.peer().validPayload());
  }

  @Then("the implementation closes the connection without another handshake message")
  public void closedDuringHandshake() throws IOException {
    TesterPeer.Received r = rtt.peer().awaitEndOfHandshake(RttLimits.HANDSHAKE_TIMEOUT);
    if (r.kind() != TesterPeer.Received.Kind.CLOSED) {
      throw world.failure(
          "the connection to end with nothing sent; got " + r.kind() + " " + r.detail());
    }
  }

  @Then("the implementation's identity payload is valid")
  public void identityPayloadIsValid() {
    rtt.checkIdentityPayload();
  }

  @Then("the identity in the implementation's payload is the one it reports in info")
  public void identityMatchesInfo() throws HarnessException, JsonViolation {
    byte[] payload = rtt.peer().peerPayload().orElseThrow();
    JsonNode p = StrictJsonParser.withEnvelopeLimits().parse(payload);
    String info = world.harness().info().agentIdentity().pubkey();
    if (!info.equals(p.path("pubkey").asText())) {
      throw world.failure(
          "the RTT identity " + p.path("pubkey").asText() + " to be the info identity " + info);
    }
  }

  private Optional<byte[]> readHandshakeMessage() throws IOException {
    return rtt.peer().readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
  }
}
