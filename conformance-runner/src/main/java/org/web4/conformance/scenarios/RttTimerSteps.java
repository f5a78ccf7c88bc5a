package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for spec/rtt.md §8 (timers) and the harness view of connections (rtt/connections,
 * clock/advance): the implementation's PING after silence, its dead-peer close and what it lists.
 */
public final class RttTimerSteps {
  private final World world;
  private final RttState rtt;

  public RttTimerSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  // --------------------------------------------------------------------------------- harness

  @When("the implementation's clock advances {int} seconds")
  public void advance(int seconds) throws HarnessException {
    // The implementation's clock stays ahead until a reset: reset it when the scenario ends.
    world.resetAtEnd();
    world.record(world.harness().advanceClock(seconds));
  }

  @Then("the implementation sends a PING")
  public void sendsPing() throws InterruptedException {
    RawFrame f = rtt.awaitFrame("PING");
    if (!f.is(FrameType.PING) || f.channel() != 0 || f.body().length != 8) {
      throw world.failure("PING on channel 0 with an 8-byte body; got " + f.describe());
    }
  }

  @Then("the implementation has no RTT connection with the tester")
  public void noConnection() throws HarnessException, InterruptedException {
    String fp = rtt.peer().identity().publicKey().fingerprint();
    long deadline = System.nanoTime() + RttState.CLOSE.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      Exchange ex = world.harness().rttConnections();
      world.record(ex);
      boolean found = false;
      for (JsonNode c : ex.reply().path("connections")) {
        found |= fp.equals(c.path("peer_fingerprint").asText());
      }
      if (!found) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("no connection with the tester (" + fp + ") in rtt/connections");
      }
      backoff.pause();
    }
  }

  @Given("the implementation reports a connection in the handshake")
  public void reportsHandshaking() throws HarnessException, InterruptedException {
    long deadline = System.nanoTime() + RttState.ANSWER.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      Exchange ex = world.harness().rttConnections();
      world.record(ex);
      if (ex.reply().path("handshaking").asInt() >= 1) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("rtt/connections to count the tester's connection in handshaking");
      }
      backoff.pause();
    }
  }

  @Then("the implementation lists its RTT connection with the tester")
  public void listsConnection() throws HarnessException {
    String fp = rtt.peer().identity().publicKey().fingerprint();
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (fp.equals(c.path("peer_fingerprint").asText())
          && c.path("peer_agent_id").asText().equals(TesterPeer.AGENT_ID)
          && c.path("state").asText().equals("open")
          && c.path("channels").toString().equals("[\"control\",\"state\",\"knowledge\"]")) {
        return;
      }
    }
    throw world.failure(
        "rtt/connections to list the tester ("
            + fp
            + ") as an open connection with the standard channels");
  }
}
