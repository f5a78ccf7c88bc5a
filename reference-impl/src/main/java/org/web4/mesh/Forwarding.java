package org.web4.mesh;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.ErrorCode;

/**
 * What an agent does with a MESH_RELAY that passed steps R1–R5 (spec/mesh.md §4.3, step R6):
 * deliver it when it is for the agent or for every agent, and send it on — a unicast to its
 * destination's route unless the route record is full ({@code HOP_LIMIT}) or there is no route
 * outside the route record ({@code UNREACHABLE}); a broadcast to every neighbour not in the route
 * record while it is not full.
 *
 * @param deliver whether the agent delivers the inner envelope (§4.4)
 * @param to the neighbours the forwarded copy goes to, ascending
 * @param unforwarded {@code HOP_LIMIT} or {@code UNREACHABLE} when a unicast for another agent is
 *     not forwarded; null otherwise
 */
public record Forwarding(boolean deliver, List<String> to, @Nullable ErrorCode unforwarded) {
  public Forwarding {
    to = List.copyOf(to);
  }

  /** The plan for {@code relay} at the agent {@code self} with its routes now. */
  public static Forwarding plan(RelayPayload relay, String self, RouteTable routes) {
    boolean full = relay.route().size() >= relay.hopLimit();
    if (relay.broadcast()) {
      List<String> to = new ArrayList<>();
      if (!full) {
        for (String n : routes.neighbourList()) {
          if (!relay.route().contains(n)) {
            to.add(n); // [MESH-RLY-008]
          }
        }
      }
      return new Forwarding(true, to, null);
    }
    if (relay.destination().equals(self)) {
      return new Forwarding(true, List.of(), null);
    }
    if (full) {
      return new Forwarding(false, List.of(), ErrorCode.HOP_LIMIT); // [MESH-RLY-006]
    }
    Optional<RouteTable.Route> route = routes.route(relay.destination());
    if (route.isEmpty() || relay.route().contains(route.get().via())) {
      return new Forwarding(false, List.of(), ErrorCode.UNREACHABLE); // [MESH-RLY-007]
    }
    return new Forwarding(false, List.of(route.get().via()), null); // [MESH-RLY-005]
  }
}
