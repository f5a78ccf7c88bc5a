package org.web4.vectors;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * spec/mesh.md §4.2 (the route to each destination) and §4.5 (the table announced to a neighbour)
 * transcribed for the generator, independently of any implementation.
 */
final class MeshRouteSpec {
  /** Table 4.8: the longest route counted (MESH-RTE-003). */
  static final int MAX_ROUTE_HOPS = 9;

  /** Table 4.8: destinations kept and announced. */
  static final int MAX_DESTINATIONS = 64;

  /** One route: the neighbour it goes through ({@code via}, the destination itself for one). */
  record Route(String destination, String agentId, String via, int hops) {}

  /** One entry of a MESH_ROUTES payload. */
  record Entry(String destination, String agentId, int hops) {}

  private static final Comparator<Route> FEWEST =
      Comparator.comparingInt(Route::hops).thenComparing(Route::destination);

  private MeshRouteSpec() {}

  /**
   * §4.2: a neighbour is reached directly; any other destination through the neighbour whose latest
   * MESH_ROUTES lists it with the least h (h + 1 ≤ 9), among equals the least fingerprint; a
   * destination listed twice counts with its smaller hops (§4.5); no route to the agent itself or
   * to an agent it holds blacklisted; at most 64 destinations, the fewest hops then the least
   * fingerprints (scope, Table 4.8).
   *
   * @param neighbours fingerprint → agent_id of every neighbour
   * @param latest neighbour fingerprint → the routes of its latest MESH_ROUTES
   */
  static SortedMap<String, Route> routes(
      String self,
      Map<String, String> neighbours,
      Map<String, List<Entry>> latest,
      Set<String> blacklisted) {
    Map<String, Route> best = new LinkedHashMap<>();
    for (Map.Entry<String, List<Entry>> announced : new TreeMap<>(latest).entrySet()) {
      String via = announced.getKey();
      if (!neighbours.containsKey(via)) {
        continue; // a neighbour's routes are forgotten when it stops being one (§4.5)
      }
      for (Entry e : smallestPerDestination(announced.getValue()).values()) {
        String d = e.destination();
        int hops = e.hops() + 1;
        if (d.equals(self)
            || neighbours.containsKey(d)
            || blacklisted.contains(d)
            || hops > MAX_ROUTE_HOPS) {
          continue;
        }
        Route known = best.get(d);
        // neighbours are visited in ascending fingerprint order: a later one wins only with fewer
        if (known == null || hops < known.hops()) {
          best.put(d, new Route(d, e.agentId(), via, hops));
        }
      }
    }
    neighbours.forEach(
        (fp, agentId) -> {
          if (!fp.equals(self) && !blacklisted.contains(fp)) {
            best.put(fp, new Route(fp, agentId, fp, 1));
          }
        });
    SortedMap<String, Route> out = new TreeMap<>();
    best.values().stream()
        .sorted(FEWEST)
        .limit(MAX_DESTINATIONS)
        .forEach(r -> out.put(r.destination(), r));
    return out;
  }

  /**
   * §4.5: the table announced to neighbour {@code n} (split horizon: no destination n, no route
   * through n), at most 64 (the fewest hops, then the least fingerprints), ascending by
   * destination.
   */
  static List<Entry> announcement(SortedMap<String, Route> routes, String n) {
    List<Route> chosen =
        routes.values().stream()
            .filter(r -> !r.destination().equals(n) && !r.via().equals(n))
            .sorted(FEWEST)
            .limit(MAX_DESTINATIONS)
            .sorted(Comparator.comparing(Route::destination))
            .toList();
    List<Entry> out = new ArrayList<>();
    for (Route r : chosen) {
      out.add(new Entry(r.destination(), r.agentId(), r.hops()));
    }
    return out;
  }

  private static Map<String, Entry> smallestPerDestination(List<Entry> entries) {
    Map<String, Entry> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      Entry known = out.get(e.destination());
      if (known == null || e.hops() < known.hops()) {
        out.put(e.destination(), e);
      }
    }
    return out;
  }
}
