package org.web4.mesh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustState;
import org.web4.rtt.session.RttConnection;

/**
 * An agent's neighbours and what it tells them (spec/mesh.md §1, §4.5, §4.6): the peers of its mesh
 * sessions held {@code probing} or {@code trusted}, the MESH_ROUTES each last heard (a new one only
 * when its table changed, MESH-RTE-002), and the MESH_VOUCHes of MESH-TRU-003. Called under the
 * mesh runtime's lock.
 */
final class Neighbourhood {
  private final MeshOutbox out;
  private final RouteTable routes;
  private final TrustBook trust;

  /** The table last announced to each neighbour. */
  private final Map<String, List<RouteTable.Entry>> announced = new HashMap<>();

  Neighbourhood(MeshOutbox out, RouteTable routes, TrustBook trust) {
    this.out = out;
    this.routes = routes;
    this.trust = trust;
  }

  /**
   * A mesh session's CIP handshake completed: on this session, the routes [MESH-RTE-001] and the
   * vouches [MESH-TRU-003] (each session as its handshake completes, spec/mesh.md §4.2).
   */
  void established(RttConnection c) {
    String peer = c.peer().key().fingerprint();
    out.opened(c);
    refresh();
    if (routes.isNeighbour(peer)) {
      List<RouteTable.Entry> table = routes.tableFor(peer);
      announced.put(peer, table);
      out.sendOn(c, "MESH_ROUTES", MeshJson.routes(table));
      if (trust.stateOf(peer) == TrustState.TRUSTED) {
        for (Vouching.Vouch v : Vouching.onSession(peer, trustedPeers())) {
          out.sendOn(c, "MESH_VOUCH", vouch(v.subject()));
        }
      }
    }
    announceChanges();
  }

  /** The RTT connection ended: its peer's routes go when it was a mesh session (§4.5). */
  void closed(RttConnection c) {
    if (out.closed(c)) {
      announceChanges();
    }
  }

  /** A trust transition: a neighbour came or went, a destination was blacklisted, or a vouch. */
  void trustChanged(TrustBook.Transition t) {
    announceChanges();
    if (t.to() == TrustState.TRUSTED) {
      sendVouches(Vouching.onTrusted(t.fingerprint(), trustedPeers(), routes.neighbourList()));
    }
  }

  /** The neighbours now: the peers of mesh sessions held probing or trusted (spec/mesh.md §1). */
  void refresh() {
    Map<String, String> neighbours = new TreeMap<>();
    out.sessionPeers()
        .forEach(
            (fp, agentId) -> {
              TrustState s = trust.stateOf(fp);
              if (s == TrustState.PROBING || s == TrustState.TRUSTED) {
                neighbours.put(fp, agentId);
              }
            });
    routes.neighbours(neighbours);
    announced.keySet().retainAll(neighbours.keySet());
  }

  /**
   * [MESH-RTE-002] Sends each neighbour its table when it differs from the one it last heard; at
   * once (the spec allows waiting up to 1 s; not waiting keeps the agent deterministic).
   */
  void announceChanges() {
    refresh();
    for (String n : routes.neighbourList()) {
      List<RouteTable.Entry> table = routes.tableFor(n);
      if (!table.equals(announced.get(n))) {
        announced.put(n, table);
        out.send(n, "MESH_ROUTES", MeshJson.routes(table));
      }
    }
  }

  /** Harness {@code reset}: the connections close, so no neighbour until a new handshake. */
  void reset() {
    announced.clear();
    out.clear();
  }

  /** [MESH-TRU-003] only about a peer held trusted, only to a neighbour held trusted. */
  private void sendVouches(List<Vouching.Vouch> vouches) {
    for (Vouching.Vouch v : vouches) {
      if (trust.stateOf(v.subject()) == TrustState.TRUSTED
          && trust.stateOf(v.to()) == TrustState.TRUSTED
          && routes.isNeighbour(v.to())) {
        out.send(v.to(), "MESH_VOUCH", vouch(v.subject()));
      }
    }
  }

  private static ObjectNode vouch(String subject) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("subject", subject);
    p.put("view", "trusted");
    return p;
  }

  private List<String> trustedPeers() {
    List<String> trusted = new ArrayList<>();
    trust
        .all()
        .forEach(
            (fp, s) -> {
              if (s == TrustState.TRUSTED) {
                trusted.add(fp);
              }
            });
    return trusted;
  }
}
