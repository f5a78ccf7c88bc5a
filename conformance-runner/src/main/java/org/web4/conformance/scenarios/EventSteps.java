package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for spec/events.md that are not about one protocol (and those of RTT and CIP): where the
 * scenario reads events from, resets, and the reported RTT and CIP events, read through {@link
 * Events} from the scenario's mark.
 */
public final class EventSteps {
  private final World world;
  private final Peers peers;
  private final CipState cip;
  private final Events events;

  public EventSteps(World world, Peers peers, CipState cip, Events events) {
    this.world = world;
    this.peers = peers;
    this.cip = cip;
    this.events = events;
  }

  @Given("the implementation's events are read from now")
  public void markEvents() throws HarnessException {
    events.markNow();
  }

  @When("the implementation is reset")
  public void reset() throws HarnessException {
    world.record(world.harness().reset());
    events.wasReset();
  }

  /**
   * The peer sends GOAWAY and waits (bounded) until the implementation has ended the connection
   * (rtt.md §4: it answers GOAWAY and closes), so that the close is what the next step sees.
   */
  @When("peer {string} ends its connection with GOAWAY")
  public void goAway(String name) throws Exception {
    TesterPeer rtt = peers.cip(name).rtt();
    rtt.sendFrame(FrameType.GOAWAY, 0, 0, new byte[4]);
    peers.ended(name);
    long deadline = System.nanoTime() + RttLimits.GOAWAY_CLOSE_WITHIN.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = rtt.next(Duration.ofMillis(left));
      switch (r.kind()) {
        case CLOSED, UNREADABLE -> {
          return;
        }
        case TIMEOUT ->
            throw world.failure(
                "the implementation to close the connection of "
                    + name
                    + " after its GOAWAY within "
                    + RttLimits.GOAWAY_CLOSE_WITHIN.toSeconds()
                    + " s");
        case FRAME -> {
          // its GOAWAY, or what it sent before it
        }
      }
    }
  }

  @Then("the implementation reported {string} for peer {string}")
  public void reported(String kind, String name) throws Exception {
    String fp = peers.fingerprintOf(name);
    events.await(
        kind + " for " + name,
        e -> e.path("kind").asText().equals(kind) && e.path("peer").asText().equals(fp));
  }

  @Then("the implementation reported {string} for peer {string} from {string} to {string}")
  public void reportedTransition(String kind, String name, String from, String to)
      throws Exception {
    String fp = peers.fingerprintOf(name);
    java.util.function.Predicate<JsonNode> match =
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("peer").asText().equals(fp)
                && e.path("attributes").path("from").asText().equals(from)
                && e.path("attributes").path("to").asText().equals(to);
    events.await(kind + " " + from + " → " + to + " for " + name, match);
    long count = events.reported(match).size();
    if (count != 1) {
      throw world.failure("exactly one " + kind + " " + from + " → " + to + "; got " + count);
    }
  }

  @Then("the implementation reported no {string} for peer {string}")
  public void reportedNone(String kind, String name) throws Exception {
    String fp = peers.fingerprintOf(name);
    events.none(
        kind + " for " + name,
        e -> e.path("kind").asText().equals(kind) && e.path("peer").asText().equals(fp));
  }

  @Then("the implementation reported {string} with code {string} for peer {string}'s message")
  public void reportedError(String kind, String code, String name) throws Exception {
    String msgId = peers.lastMsgId(name);
    events.await(
        kind + " " + code + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("attributes").path("code").asText().equals(code)
                && e.path("attributes").path("closing").isBoolean()
                && !e.path("attributes").path("closing").asBoolean());
  }

  @Then("the implementation reported {string} for the fact {string} as {string}")
  public void reportedFact(String kind, String fact, String status) throws Exception {
    String id = cip.factId(fact);
    events.await(
        kind + " " + fact + " " + status,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("attributes").path("fact").asText().equals(id)
                && e.path("attributes").path("status").asText().equals(status));
  }

  @Then("the events it reported conform to the event contract and are numbered without gaps")
  public void contract() throws Exception {
    List<JsonNode> all = events.sinceMark();
    if (all.isEmpty()) {
      throw world.failure("some events since the mark");
    }
    String agent = world.harness().info().agentIdentity().fingerprint();
    var schema = org.web4.envelope.SchemaCatalog.get().schema("events/event.schema.json");
    long expected = events.mark() + 1;
    for (JsonNode e : all) {
      List<String> problems = org.web4.envelope.SchemaCatalog.describe(schema.validate(e));
      if (!problems.isEmpty()) {
        throw world.failure("an event of events/event.schema.json; " + problems + " in " + e);
      }
      if (e.path("seq").asLong() != expected) {
        throw world.failure("seq " + expected + "; got " + e.path("seq") + " in " + e);
      }
      if (!e.path("agent").asText().equals(agent)) {
        throw world.failure("agent " + agent + " (the info identity); got " + e.path("agent"));
      }
      expected++;
    }
  }

  @Then("its first event after the reset is number 1")
  public void firstAfterReset() throws Exception {
    // The implementation reports the handshake when it has read message 3, which may be after the
    // tester finished writing it: wait (bounded) for the first event to exist.
    JsonNode first =
        Poll.until(
            Peers.ANSWER,
            () -> {
              Exchange ex = world.harness().events(0, 1);
              world.record(ex);
              JsonNode list = ex.reply().path("events");
              return list.isEmpty() ? Optional.empty() : Optional.of(list.get(0));
            },
            () ->
                world.failure(
                    "an event after the reset within " + Peers.ANSWER.toSeconds() + " s"));
    if (first.path("seq").asLong() != 1) {
      throw world.failure("the first event after reset to have seq 1; got " + first);
    }
  }
}
