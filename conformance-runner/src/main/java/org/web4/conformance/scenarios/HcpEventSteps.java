package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import java.util.function.Predicate;

/**
 * Steps for spec/events.md §1, the HCP kinds (EVT-HCP-001..003): refusals with their step,
 * delivered and sent actions, and counts, read through {@link Events} from the scenario's mark.
 */
public final class HcpEventSteps {
  private final World world;
  private final Peers peers;
  private final HcpState hcp;
  private final Events events;

  public HcpEventSteps(World world, Peers peers, HcpState hcp, Events events) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
    this.events = events;
  }

  // ------------------------------------------------------------------------------ events

  @Then(
      "the implementation reported {string} at step {string} with code {string} for peer"
          + " {string}'s message")
  public void reportedRefusal(String kind, String step, String code, String name) throws Exception {
    String msgId = peers.lastMsgId(name);
    String type = peers.lastSent(name).path("type").asText();
    awaitEvent(
        kind + " " + step + " " + code + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("peer").asText().equals(peers.fingerprintOf(name))
                && e.path("attributes").path("type").asText().equals(type)
                && e.path("attributes").path("step").asText().equals(step)
                && e.path("attributes").path("code").asText().equals(code));
  }

  @Then("the implementation reported {string} of type {string} for peer {string}'s message")
  public void reportedForMessage(String kind, String type, String name) throws Exception {
    String msgId = peers.lastMsgId(name);
    awaitEvent(
        kind + " " + type + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("attributes").path("type").asText().equals(type));
  }

  @Then("the implementation reported {string} of type {string} for the human's action")
  public void reportedForAction(String kind, String type) throws Exception {
    String msgId = hcp.actionMsgId();
    awaitEvent(
        kind + " " + type + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("attributes").path("type").asText().equals(type));
  }

  @Then("the implementation reported no {string} for peer {string}'s message")
  public void reportedNothingFor(String kind, String name) throws Exception {
    String msgId = peers.lastMsgId(name);
    world.resetAtEnd();
    events.none(
        kind + " for " + msgId,
        e -> e.path("kind").asText().equals(kind) && e.path("msg_id").asText().equals(msgId));
  }

  @Then("the implementation reported {int} {string} for peer {string}")
  public void reportedCount(int count, String kind, String name) throws Exception {
    String fp = peers.fingerprintOf(name);
    world.resetAtEnd();
    long got =
        events
            .settled(
                kind + " for " + name,
                e -> e.path("kind").asText().equals(kind) && e.path("peer").asText().equals(fp),
                count)
            .size();
    if (got != count) {
      throw world.failure(count + " " + kind + " for " + name + "; got " + got);
    }
  }

  /** HCP events come from scenarios that change the implementation's state: reset it after. */
  private void awaitEvent(String what, Predicate<JsonNode> match) throws Exception {
    world.resetAtEnd();
    events.await(what, match);
  }
}
