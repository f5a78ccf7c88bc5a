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
  private final Peers peers;
  private final List<String> senders = new ArrayList<>();
  private int perPeer;

  public MessageIdSteps(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  @When("peers {string} and {string} each send {int} INTENTs")
  public void intents(String first, String second, int count) throws Exception {
    perPeer = count;
    senders.clear();
    senders.add(first);
    senders.add(second);
    for (int i = 0; i < count; i++) {
      for (String name : senders) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("goal", "ask");
        p.put("topic", "msg-id " + i);
        p.put("priority", "normal");
        peers.send(name, peers.cip(name).envelope("INTENT", p));
      }
    }
  }

  @Then("the INTENT_RESPONSEs they receive have {int} distinct msg_ids")
  public void distinct(int expected) throws Exception {
    Set<String> ids = new HashSet<>();
    List<String> all = new ArrayList<>();
    for (String name : senders) {
      for (int i = 0; i < perPeer; i++) {
        JsonNode r = peers.receives(name, "INTENT_RESPONSE");
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
