package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;

/**
 * What the CIP steps of one scenario remember between steps: the HELLO each peer received last and
 * the msg_id of each named fact. One per scenario, injected.
 */
public final class CipState {
  private final Map<String, JsonNode> hellos = new HashMap<>();
  private final Map<String, String> facts = new HashMap<>();

  /** The implementation's HELLO the named peer received, for the step that answers it. */
  void helloReceived(String name, JsonNode hello) {
    hellos.put(name, hello);
  }

  JsonNode hello(String name) {
    JsonNode hello = hellos.get(name);
    if (hello == null) {
      throw new IllegalStateException("no HELLO received by " + name);
    }
    return hello;
  }

  /** A fact a peer proposed, named in the scenario, is the msg_id of its FACT_PROPOSE. */
  void proposed(String fact, String msgId) {
    facts.put(fact, msgId);
  }

  String factId(String fact) {
    String id = facts.get(fact);
    if (id == null) {
      throw new IllegalStateException("no fact named \"" + fact + "\" was proposed");
    }
    return id;
  }
}
