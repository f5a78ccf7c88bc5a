package org.web4.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import org.web4.crypto.AgentPublicKey;

/**
 * An envelope that passed every check of spec/envelope.md, with the fields a receiver routes on.
 *
 * @param json the parsed envelope; callers must not modify it
 */
public record ValidatedEnvelope(
    Protocol protocol,
    String type,
    String msgId,
    Instant timestamp,
    String senderAgentId,
    AgentPublicKey sender,
    ObjectNode json) {

  public JsonNode payload() {
    return json.get("payload");
  }
}
