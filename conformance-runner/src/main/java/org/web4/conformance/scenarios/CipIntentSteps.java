package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.vectors.VectorKeys;

/**
 * Steps for spec/cip.md §4.3 (intents and state updates over the wire): a named peer sends an
 * INTENT or STATE_UPDATE, well signed or not, and checks the implementation's INTENT_RESPONSE or
 * its refusal.
 */
public final class CipIntentSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;

  public CipIntentSteps(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  // --------------------------------------------------------------------------------- messages

  @When("peer {string} sends an INTENT")
  public void intent(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "ask");
    p.put("topic", "conformance");
    p.put("priority", "normal");
    peers.send(name, peers.cip(name).envelope("INTENT", p));
  }

  @When("peer {string} sends an INTENT whose signature is corrupted")
  public void corruptedIntent(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "ask");
    p.put("topic", "conformance");
    p.put("priority", "normal");
    ObjectNode e = peers.cip(name).envelope("INTENT", p);
    byte[] sig = java.util.Base64.getDecoder().decode(e.path("sign").path("signature").asText());
    sig[0] ^= 0x01;
    ((ObjectNode) e.path("sign"))
        .put("signature", java.util.Base64.getEncoder().encodeToString(sig));
    peers.send(name, e);
  }

  @When("peer {string} sends a STATE_UPDATE")
  public void stateUpdate(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("presence", "focused");
    p.put("lri", 10);
    peers.send(name, peers.cip(name).envelope("STATE_UPDATE", p));
  }

  @When("peer {string} sends a STATE_UPDATE signed by {string}")
  public void impersonated(String name, String key) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("presence", "focused");
    p.put("lri", 10);
    ObjectNode e =
        EnvelopeBuilder.of(Protocol.CIP, "STATE_UPDATE")
            .msgId(world.freshUuid())
            .timestamp(world.clock())
            .sender(key, VectorKeys.key(key))
            .receiver("iut", "0".repeat(64))
            .payload(p)
            .sign(VectorKeys.key(key));
    peers.send(name, e);
  }

  @Then("peer {string} receives an INTENT_RESPONSE that accepts it")
  public void accepted(String name) throws Exception {
    JsonNode r = peers.receives(name, "INTENT_RESPONSE");
    checkIntentRef(name, r);
    if (!r.path("payload").path("decision").asText().equals("accept")) {
      throw world.failure("decision accept; got " + r.path("payload"));
    }
  }

  @Then("peer {string} receives an INTENT_RESPONSE that defers it")
  public void deferred(String name) throws Exception {
    JsonNode r = peers.receives(name, "INTENT_RESPONSE");
    checkIntentRef(name, r);
    JsonNode p = r.path("payload");
    if (!p.path("decision").asText().equals("defer") || p.path("retry_after_ms").asLong() < 1000) {
      throw world.failure("decision defer with retry_after_ms ≥ 1000; got " + p);
    }
  }

  private void checkIntentRef(String name, JsonNode response) {
    String sent = peers.lastMsgId(name);
    String ref = response.path("payload").path("intent_ref").asText();
    if (!ref.equals(sent)) {
      throw world.failure("intent_ref " + sent + " (the INTENT's msg_id); got " + ref);
    }
  }

  @Then("the implementation refuses peer {string}'s message with {string}")
  public void refused(String name, String code) throws Exception {
    peers.refused(name, code);
  }

  /**
   * A PING barrier, then nothing more from the peer: every frame it sent (the CREDIT for the last
   * message it took included) has been handled before the next step, e.g. a clock move, so that the
   * implementation's silence timer starts before that move.
   */
  @When("peer {string} goes silent")
  public void goesSilent(String name) throws Exception {
    peers.barrier(name);
  }
}
