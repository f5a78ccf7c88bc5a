package org.web4.conformance.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;

/**
 * Mesh 1.0 envelopes as the tester builds and reads them (spec/mesh.md §2–§3): the {@code "mesh"}
 * discriminator, the channel of each type (rtt.md Table 5), a MESH_RELAY's payload around the exact
 * bytes of an inner envelope, and the inner envelope read back from one. The tester builds them
 * itself so that it needs nothing of the reference's mesh to speak it.
 */
public final class MeshEnvelopes {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The discriminator member of a mesh envelope. */
  public static final String MEMBER = "mesh";

  /** The broadcast receiver of an inner envelope for every agent (spec/mesh.md §1). */
  public static final String BROADCAST_FINGERPRINT = "0".repeat(64);

  /** The agent_id of the broadcast receiver. */
  public static final String BROADCAST_AGENT_ID = "broadcast";

  /** A MESH_RELAY's destination when it is for every agent. */
  public static final String BROADCAST = "*";

  private MeshEnvelopes() {}

  /** The standard channel of a mesh type: MESH_ROUTES on {@code state}, the rest on control. */
  public static int channelOf(String type) {
    return type.equals("MESH_ROUTES") ? ChannelNames.STATE : ChannelNames.CONTROL;
  }

  /** An unsigned mesh envelope: the common members of envelope.md Table 9 and no block. */
  public static ObjectNode unsigned(
      String type,
      UUID msgId,
      Instant at,
      String senderAgentId,
      AgentKeyPair sender,
      String receiverAgentId,
      String receiverFingerprint,
      ObjectNode payload) {
    ObjectNode e =
        EnvelopeBuilder.of(Protocol.CIP, type)
            .msgId(msgId)
            .timestamp(at)
            .sender(senderAgentId, sender)
            .receiver(receiverAgentId, receiverFingerprint)
            .payload(payload)
            .unsigned();
    e.remove(Protocol.CIP.member());
    e.put(MEMBER, Protocol.VERSION);
    return e;
  }

  /** The envelope with its {@code sign} member by {@code key}. */
  public static ObjectNode signed(ObjectNode envelope, AgentKeyPair key) {
    return EnvelopeBuilder.signed(envelope, key);
  }

  /** The base64 of an envelope's canonical bytes: what a MESH_RELAY's {@code envelope} carries. */
  public static String base64(ObjectNode envelope) {
    return Base64.getEncoder().encodeToString(JsonCanonicalizer.canonicalize(envelope));
  }

  /** A MESH_RELAY payload (spec/mesh.md Table 3.1). */
  public static ObjectNode relayPayload(
      String meshId,
      String origin,
      String destination,
      int hopLimit,
      List<String> route,
      String envelopeBase64) {
    ObjectNode p = NODES.objectNode();
    p.put("mesh_id", meshId);
    p.put("origin", origin);
    p.put("destination", destination);
    p.put("hop_limit", hopLimit);
    ArrayNode r = p.putArray("route");
    route.forEach(r::add);
    p.put("envelope", envelopeBase64);
    return p;
  }

  /** The route record of a MESH_RELAY's payload, in order. */
  public static List<String> route(JsonNode relay) {
    List<String> out = new java.util.ArrayList<>();
    relay.path("payload").path("route").forEach(n -> out.add(n.asText()));
    return out;
  }

  /**
   * The inner envelope a MESH_RELAY carries, parsed strictly; empty when its {@code envelope} is
   * not base64 of an I-JSON object.
   */
  public static Optional<JsonNode> inner(JsonNode relay) {
    try {
      byte[] bytes = Base64.getDecoder().decode(relay.path("payload").path("envelope").asText());
      return Optional.of(StrictJsonParser.withEnvelopeLimits().parse(bytes));
    } catch (IllegalArgumentException | JsonViolation e) {
      return Optional.empty();
    }
  }
}
