package org.web4.mesh;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * An agent's routes (spec/mesh.md §4.2, §4.5): a distance vector learned from its neighbours'
 * MESH_ROUTES. Every neighbour is a route of 1 hop through itself; any other destination goes
 * through the neighbour that announced it with the fewest hops (h + 1 ≤ 9), among equals the least
 * fingerprint [MESH-RTE-003]. The agent itself and an agent it holds {@code blacklisted} have no
 * route. Thread-safe.
 */
public final class RouteTable {
  /** Table 4.8: the longest route counted [MESH-RTE-003]. */
  public static final int MAX_HOPS = 9;

  /** Table 4.8: destinations in a MESH_ROUTES, and routes an agent keeps. */
  public static final int MAX_DESTINATIONS = 64;

  /** A route: the destination, its {@code agent_id} as this agent knows it, the neighbour, hops. */
  public record Route(String destination, String agentId, String via, int hops) {}

  /** One entry of a MESH_ROUTES (spec/mesh.md Table 3.2). */
  public record Entry(String destination, String agentId, int hops) {}

  /** Fewest hops first, then the least fingerprint (§4.5: which 64 are announced). */
  private static final Comparator<Entry> NEAREST =
      Comparator.comparingInt(Entry::hops).thenComparing(Entry::destination);

  private final String self;
  private final Predicate<String> blacklisted;

  /** Neighbour fingerprint → its {@code agent_id} from the CIP handshake. */
  private final Map<String, String> neighbours = new TreeMap<>();

  /** Neighbour → destination → the entry of its latest MESH_ROUTES (the smaller hops if twice). */
  private final Map<String, Map<String, Entry>> announced = new HashMap<>();

  /**
   * @param self this agent's fingerprint
   * @param blacklisted whether this agent holds a fingerprint {@code blacklisted}, read at each use
   */
  public RouteTable(String self, Predicate<String> blacklisted) {
    this.self = self;
    this.blacklisted = blacklisted;
  }

  /**
   * The agent's neighbours now (fingerprint → agent_id); the routes learned from an agent that is
   * no longer one are forgotten (§4.5).
   */
  public synchronized void neighbours(Map<String, String> now) {
    neighbours.clear();
    neighbours.putAll(now);
    announced.keySet().retainAll(now.keySet());
  }

  public synchronized boolean isNeighbour(String fingerprint) {
    return neighbours.containsKey(fingerprint);
  }

  /** The neighbours' fingerprints, ascending. */
  public synchronized List<String> neighbourList() {
    return List.copyOf(neighbours.keySet());
  }

  /**
   * A neighbour's latest MESH_ROUTES replaces its previous one; a destination listed twice counts
   * with its smaller {@code hops} (§4.5). Ignored from an agent that is not a neighbour.
   */
  public synchronized void announce(String neighbour, List<Entry> entries) {
    if (!neighbours.containsKey(neighbour)) {
      return;
    }
    Map<String, Entry> latest = new HashMap<>();
    for (Entry e : entries) {
      latest.merge(e.destination(), e, (a, b) -> a.hops() <= b.hops() ? a : b);
    }
    announced.put(neighbour, latest);
  }

  /** Forgets every route learned from a MESH_ROUTES (harness {@code reset}); neighbours stay. */
  public synchronized void forgetLearned() {
    announced.clear();
  }

  /** The route to a destination, if it has one (§4.2). */
  public synchronized Optional<Route> route(String destination) {
    return Optional.ofNullable(routes().get(destination));
  }

  /**
   * Every route, by destination ascending: the neighbours (1 hop), then the announced destinations
   * by the fewest hops and the least fingerprint of the neighbour; at most the 64 nearest.
   */
  public synchronized SortedMap<String, Route> routes() {
    Map<String, Route> all = new HashMap<>();
    neighbours.forEach((fp, agentId) -> all.put(fp, new Route(fp, agentId, fp, 1)));
    // neighbours in ascending order: among equal hops the first one seen keeps the route
    for (String via : neighbours.keySet()) {
      for (Entry e : announced.getOrDefault(via, Map.of()).values()) {
        String d = e.destination();
        int hops = e.hops() + 1;
        if (d.equals(self) || neighbours.containsKey(d) || hops > MAX_HOPS) {
          continue;
        }
        Route known = all.get(d);
        if (known == null || hops < known.hops()) {
          all.put(d, new Route(d, e.agentId(), via, hops));
        }
      }
    }
    List<Route> kept = new ArrayList<>();
    for (Route r : all.values()) {
      if (!blacklisted.test(r.destination())) {
        kept.add(r);
      }
    }
    kept.sort(Comparator.comparingInt(Route::hops).thenComparing(Route::destination));
    SortedMap<String, Route> out = new TreeMap<>();
    for (Route r : kept.subList(0, Math.min(kept.size(), MAX_DESTINATIONS))) {
      out.put(r.destination(), r);
    }
    return out;
  }

  /**
   * The MESH_ROUTES this agent announces to a neighbour (§4.5, MESH-RTE-001): every destination
   * other than the neighbour whose route does not go through it (split horizon), the 64 nearest, in
   * ascending order of destination.
   */
  public synchronized List<Entry> tableFor(String neighbour) {
    List<Entry> entries = new ArrayList<>();
    for (Route r : routes().values()) {
      if (!r.destination().equals(neighbour) && !r.via().equals(neighbour)) {
        entries.add(new Entry(r.destination(), r.agentId(), r.hops()));
      }
    }
    entries.sort(NEAREST);
    List<Entry> kept =
        new ArrayList<>(entries.subList(0, Math.min(entries.size(), MAX_DESTINATIONS)));
    kept.sort(Comparator.comparing(Entry::destination));
    return kept;
  }
}
