package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What one agent's harness says about its place in the mesh, read once: its identity ({@code
 * info}), its sessions ({@code rtt/connections}), its trust in each peer ({@code trust}), its
 * routes ({@code GET mesh}, spec/harness.md §4.14) and the relays it dropped recently ({@code
 * mesh.relay.dropped} events, spec/events.md Table 2). Each session carries its send queue
 * (HAR-RTT-003) when the harness reports it (harness 1.1).
 *
 * @param harness the harness URL it was read from
 * @param agentId the agent's {@code agent_id}
 * @param fingerprint the agent's fingerprint
 * @param implementation the implementation's name and version
 * @param capabilities the harness capabilities the agent lists
 * @param sessions its RTT connections that completed their handshake
 * @param handshaking how many connections are still in the handshake
 * @param trust its trust state of each peer the harness lists (fingerprint → state, ascending); a
 *     peer not listed is {@code untrusted} (HAR-CIP-001)
 * @param mesh its routes, empty when it does not list the capability {@code mesh}
 * @param drops the recent {@code mesh.relay.dropped} events, oldest first; empty when it does not
 *     list the capability {@code events}
 */
public record AgentView(
    String harness,
    String agentId,
    String fingerprint,
    String implementation,
    List<String> capabilities,
    List<Session> sessions,
    int handshaking,
    Map<String, String> trust,
    Optional<MeshState> mesh,
    List<Drop> drops) {

  /** The state of a peer that the harness does not list (spec/cip.md §4.4: the initial state). */
  public static final String UNTRUSTED = "untrusted";

  /**
   * An RTT connection (harness.md Table 4, CONN).
   *
   * @param sendQueue its send queue (HAR-RTT-003); null when the harness does not report it
   *     (harness 1.0)
   */
  public record Session(
      String peerAgentId,
      String peerFingerprint,
      String state,
      List<String> channels,
      @Nullable SendQueue sendQueue) {}

  /**
   * A connection's send queue (harness.md §4.8, HAR-RTT-003): messages accepted for sending and not
   * yet wholly in DATA frames (held back by the peer's window), and their bytes not yet sent.
   */
  public record SendQueue(long messages, long bytes) {}

  /** A route of {@code GET mesh} (harness.md §4.14, ROUTE). */
  public record Route(String destination, String agentId, String via, int hops) {}

  /** {@code GET mesh}: the default hop limit, the routes and how many mesh_ids are remembered. */
  public record MeshState(int hopLimit, List<Route> routes, int remembered) {}

  /** A {@code mesh.relay.dropped} event: which relay, from which neighbour, and why. */
  public record Drop(
      long seq,
      String time,
      @Nullable String peer,
      String meshId,
      String reason,
      @Nullable String msgId) {}

  /** The agent's trust state of {@code peer}: the listed state, or {@code untrusted}. */
  public String trustOf(String peer) {
    return trust.getOrDefault(peer, UNTRUSTED);
  }

  /**
   * Builds the view from the harness answers (each as the harness sent it).
   *
   * @param mesh the {@code GET mesh} answer, or null when the agent does not list {@code mesh}
   * @param events the {@code events} answer, or null when the agent does not list {@code events}
   */
  public static AgentView of(
      String harness,
      JsonNode info,
      JsonNode connections,
      JsonNode trust,
      @Nullable JsonNode mesh,
      @Nullable JsonNode events) {
    JsonNode identity = info.path("identity");
    JsonNode implementation = info.path("implementation");
    List<String> capabilities = new ArrayList<>();
    info.path("capabilities").forEach(c -> capabilities.add(c.asText()));
    List<Session> sessions = new ArrayList<>();
    for (JsonNode c : connections.path("connections")) {
      List<String> channels = new ArrayList<>();
      c.path("channels").forEach(n -> channels.add(n.asText()));
      sessions.add(
          new Session(
              c.path("peer_agent_id").asText(),
              c.path("peer_fingerprint").asText(),
              c.path("state").asText(),
              List.copyOf(channels),
              sendQueue(c.path("send_queue"))));
    }
    Map<String, String> states = new TreeMap<>();
    for (JsonNode p : trust.path("peers")) {
      states.put(p.path("fingerprint").asText(), p.path("state").asText());
    }
    return new AgentView(
        harness,
        identity.path("agent_id").asText("?"),
        identity.path("fingerprint").asText("?"),
        implementation.path("name").asText("?") + " " + implementation.path("version").asText(""),
        List.copyOf(capabilities),
        List.copyOf(sessions),
        connections.path("handshaking").asInt(0),
        java.util.Collections.unmodifiableMap(states),
        mesh == null ? Optional.empty() : Optional.of(meshState(mesh)),
        events == null ? List.of() : drops(events));
  }

  private static @Nullable SendQueue sendQueue(JsonNode queue) {
    if (!queue.path("messages").isIntegralNumber() || !queue.path("bytes").isIntegralNumber()) {
      return null;
    }
    return new SendQueue(queue.path("messages").asLong(), queue.path("bytes").asLong());
  }

  private static MeshState meshState(JsonNode mesh) {
    List<Route> routes = new ArrayList<>();
    for (JsonNode r : mesh.path("routes")) {
      routes.add(
          new Route(
              r.path("destination").asText(),
              r.path("agent_id").asText(),
              r.path("via").asText(),
              r.path("hops").asInt()));
    }
    return new MeshState(
        mesh.path("hop_limit").asInt(), List.copyOf(routes), mesh.path("remembered").asInt());
  }

  private static List<Drop> drops(JsonNode events) {
    List<Drop> drops = new ArrayList<>();
    for (JsonNode e : events.path("events")) {
      if (!e.path("kind").asText().equals("mesh.relay.dropped")) {
        continue;
      }
      JsonNode a = e.path("attributes");
      drops.add(
          new Drop(
              e.path("seq").asLong(),
              e.path("time").asText(),
              textOrNull(e.path("peer")),
              a.path("mesh_id").asText(),
              a.path("reason").asText(),
              textOrNull(e.path("msg_id"))));
    }
    return List.copyOf(drops);
  }

  private static @Nullable String textOrNull(JsonNode n) {
    return n.isTextual() ? n.asText() : null;
  }
}
