package org.web4.cli.mesh;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The live topology of a mesh as its agents' harnesses report it: one node per agent that was read
 * or that a session names, one edge per pair of agents with at least one session between them,
 * labelled with each side's trust state of the other ({@code ?} when that side was not read). Nodes
 * and edges are in ascending order of fingerprint, so the same mesh gives the same files.
 */
public final class Topology {
  /** The trust label of a side whose harness was not read. */
  public static final String UNKNOWN = "?";

  /**
   * An agent.
   *
   * @param read whether its own harness was read (otherwise only a peer's session names it)
   */
  public record Node(String fingerprint, String name, boolean read) {}

  /**
   * Sessions between {@code a} and {@code b} ({@code a} the lesser fingerprint).
   *
   * @param aTrustsB {@code a}'s trust state of {@code b}
   * @param bTrustsA {@code b}'s trust state of {@code a}
   * @param sessions how many sessions the harnesses list between them (the larger side's count)
   */
  public record Edge(String a, String b, String aTrustsB, String bTrustsA, int sessions) {}

  private final List<Node> nodes;
  private final List<Edge> edges;
  private final Names names;

  private Topology(List<Node> nodes, List<Edge> edges, Names names) {
    this.nodes = nodes;
    this.edges = edges;
    this.names = names;
  }

  public List<Node> nodes() {
    return nodes;
  }

  public List<Edge> edges() {
    return edges;
  }

  public Names names() {
    return names;
  }

  /** The topology of the agents {@code views} describe. */
  public static Topology of(Collection<AgentView> views) {
    Names names = Names.of(views);
    Map<String, AgentView> read = new TreeMap<>();
    views.forEach(v -> read.put(v.fingerprint(), v));
    Map<String, Node> nodes = new TreeMap<>();
    Map<String, int[]> sessionCounts = new TreeMap<>();
    for (AgentView v : read.values()) {
      nodes.put(v.fingerprint(), new Node(v.fingerprint(), names.name(v.fingerprint()), true));
    }
    for (AgentView v : read.values()) {
      Map<String, Integer> perPeer = new TreeMap<>();
      for (AgentView.Session s : v.sessions()) {
        perPeer.merge(s.peerFingerprint(), 1, Integer::sum);
        nodes.putIfAbsent(
            s.peerFingerprint(),
            new Node(s.peerFingerprint(), names.name(s.peerFingerprint()), false));
      }
      perPeer.forEach(
          (peer, count) -> {
            int[] counted =
                sessionCounts.computeIfAbsent(key(v.fingerprint(), peer), k -> new int[1]);
            counted[0] = Math.max(counted[0], count);
          });
    }
    List<Edge> edges = new ArrayList<>();
    for (Map.Entry<String, int[]> e : sessionCounts.entrySet()) {
      int space = e.getKey().indexOf(' ');
      String a = e.getKey().substring(0, space);
      String b = e.getKey().substring(space + 1);
      edges.add(new Edge(a, b, trust(read, a, b), trust(read, b, a), e.getValue()[0]));
    }
    return new Topology(List.copyOf(nodes.values()), List.copyOf(edges), names);
  }

  /** The node of {@code fingerprint}, if there is one. */
  public Optional<Node> node(String fingerprint) {
    return nodes.stream().filter(n -> n.fingerprint().equals(fingerprint)).findFirst();
  }

  private static String trust(Map<String, AgentView> read, String holder, String peer) {
    AgentView v = read.get(holder);
    return v == null ? UNKNOWN : v.trustOf(peer);
  }

  private static String key(String x, String y) {
    return x.compareTo(y) < 0 ? x + " " + y : y + " " + x;
  }
}
