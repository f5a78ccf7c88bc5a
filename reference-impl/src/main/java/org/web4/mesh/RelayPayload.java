package org.web4.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The payload of a MESH_RELAY (spec/mesh.md Table 3.1): the relay metadata and the inner envelope
 * as the exact base64 string the origin chose, which every hop passes on unchanged.
 *
 * @param route the route record: the fingerprint of every agent that sent it, the origin first
 */
public record RelayPayload(
    String meshId,
    String origin,
    String destination,
    int hopLimit,
    List<String> route,
    String envelope) {

  /** The destination of a broadcast. */
  public static final String BROADCAST = "*";

  public RelayPayload {
    route = List.copyOf(route);
  }

  /** Reads a payload that conforms to MESH_RELAY.schema.json (validation step 9 passed). */
  public static RelayPayload of(JsonNode payload) {
    List<String> route = new ArrayList<>();
    payload.path("route").forEach(fp -> route.add(fp.asText()));
    return new RelayPayload(
        payload.path("mesh_id").asText(),
        payload.path("origin").asText(),
        payload.path("destination").asText(),
        payload.path("hop_limit").asInt(),
        route,
        payload.path("envelope").asText());
  }

  public boolean broadcast() {
    return destination.equals(BROADCAST);
  }

  /** The copy a relay sends on: everything the same, its own fingerprint appended to the route. */
  public RelayPayload forwardedBy(String relay) {
    List<String> longer = new ArrayList<>(route);
    longer.add(relay);
    return new RelayPayload(meshId, origin, destination, hopLimit, longer, envelope);
  }

  public ObjectNode toJson() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("mesh_id", meshId);
    p.put("origin", origin);
    p.put("destination", destination);
    p.put("hop_limit", hopLimit);
    route.forEach(p.putArray("route")::add);
    p.put("envelope", envelope);
    return p;
  }
}
