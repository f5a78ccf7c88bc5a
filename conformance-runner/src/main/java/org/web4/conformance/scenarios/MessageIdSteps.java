package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * [ENV-MSG-002] an implementation never sends two envelopes with one msg_id, across its
 * connections: several peers make it answer several INTENTs, and the answers' msg_ids are counted.
 * (The wire judge checks every envelope of a run; this scenario names the requirement on its own.)
 */
public final class MessageIdSteps {
  private final World world;
  private final List<String> peers = new ArrayList<>();
  private int perPeer;

  public MessageIdSteps() {
    this(World.current());
  }

  public MessageIdSteps(World world) {
    this.world = world;
  }

  @When("peers {string} and {string} each send {int} INTENTs")
  public void intents(String first, String second, int count) throws Exception {
    perPeer = count;
    peers.clear();
    peers.add(first);
    peers.add(second);
    for (int i = 0; i < count; i++) {
      for (String name : peers) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("goal", "ask");
        p.put("topic", "msg-id " + i);
        p.put("priority", "normal");
        world.sendAs(name, world.cipPeer(name).envelope("INTENT", p));
      }
    }
  }

  @Then("the INTENT_RESPONSEs they receive have {int} distinct msg_ids")
  public void distinct(int expected) throws Exception {
    Set<String> ids = new HashSet<>();
    List<String> all = new ArrayList<>();
    for (String name : peers) {
      for (int i = 0; i < perPeer; i++) {
        JsonNode r = world.receivedBy(name, "INTENT_RESPONSE", RttSteps.ANSWER);
        String id = r.path("msg_id").asText();
        all.add(name + ":" + id);
        ids.add(id);
      }
    }
    if (ids.size() != expected) {
      throw world.failure(expected + " distinct msg_ids (ENV-MSG-002); got " + all);
    }
  }
}
