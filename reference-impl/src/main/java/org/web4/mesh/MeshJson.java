package org.web4.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The JSON of MESH_ROUTES (spec/mesh.md Table 3.2) and of harness {@code GET mesh} (§4.14). */
final class MeshJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private MeshJson() {}

  /** Reads a MESH_ROUTES payload that conforms to its schema. */
  static List<RouteTable.Entry> routes(JsonNode payload) {
    List<RouteTable.Entry> out = new ArrayList<>();
    for (JsonNode r : payload.path("routes")) {
      out.add(
          new RouteTable.Entry(
              r.path("destination").asText(), r.path("agent_id").asText(), r.path("hops").asInt()));
    }
    return out;
  }

  /** A MESH_ROUTES payload, entries in the given (ascending) order [MESH-RTE-001]. */
  static ObjectNode routes(List<RouteTable.Entry> table) {
    ObjectNode p = NODES.objectNode();
    ArrayNode routes = p.putArray("routes");
    for (RouteTable.Entry e : table) {
      ObjectNode r = routes.addObject();
      r.put("destination", e.destination());
      r.put("agent_id", e.agentId());
      r.put("hops", e.hops());
    }
    return p;
  }

  /** {@code GET mesh}: routes in ascending order of destination [HAR-MESH-001]. */
  static ObjectNode view(int hopLimit, Collection<RouteTable.Route> routes, int remembered) {
    ObjectNode out = NODES.objectNode();
    out.put("hop_limit", hopLimit);
    ArrayNode list = out.putArray("routes");
    for (RouteTable.Route r : routes) {
      ObjectNode o = list.addObject();
      o.put("destination", r.destination());
      o.put("agent_id", r.agentId());
      o.put("via", r.via());
      o.put("hops", r.hops());
    }
    out.put("remembered", remembered);
    return out;
  }
}
