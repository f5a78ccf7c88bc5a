package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * {@code web4 mesh inspect}'s output for one agent, as text for a person or as JSON: its identity,
 * sessions with their send queues (HAR-RTT-003), trust, routes and recent drops with their reasons.
 */
public final class InspectReport {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private InspectReport() {}

  public static String text(AgentView v) {
    Names names = Names.of(java.util.List.of(v));
    StringBuilder out = new StringBuilder();
    out.append("agent ")
        .append(names.label(v.fingerprint()))
        .append("  ")
        .append(v.implementation().strip())
        .append('\n')
        .append("  harness ")
        .append(v.harness())
        .append('\n')
        .append("  fingerprint ")
        .append(v.fingerprint())
        .append('\n');
    out.append("sessions (rtt/connections): ")
        .append(v.sessions().size())
        .append(" established, ")
        .append(v.handshaking())
        .append(" handshaking\n");
    for (AgentView.Session s : v.sessions()) {
      out.append("  ")
          .append(names.label(s.peerFingerprint()))
          .append("  ")
          .append(s.state())
          .append("  trust ")
          .append(v.trustOf(s.peerFingerprint()))
          .append("  channels ")
          .append(s.channels().isEmpty() ? "-" : String.join(",", s.channels()))
          .append("  send queue ")
          .append(queueText(s.sendQueue()))
          .append('\n');
    }
    out.append("trust (trust): ")
        .append(v.trust().size())
        .append(" peers listed; any other peer is untrusted\n");
    v.trust()
        .forEach(
            (peer, state) ->
                out.append("  ").append(names.label(peer)).append("  ").append(state).append('\n'));
    if (v.mesh().isEmpty()) {
      out.append("routes: the agent does not list the harness capability mesh\n");
    } else {
      AgentView.MeshState m = v.mesh().get();
      out.append("routes (GET mesh): ")
          .append(m.routes().size())
          .append(" destinations, default hop limit ")
          .append(m.hopLimit())
          .append(", ")
          .append(m.remembered())
          .append(" mesh_ids remembered\n");
      for (AgentView.Route r : m.routes()) {
        out.append("  ")
            .append(names.label(r.destination()))
            .append("  ")
            .append(r.hops())
            .append(r.hops() == 1 ? " hop" : " hops")
            .append(
                r.hops() == 1 && r.via().equals(r.destination())
                    ? "  (neighbour)"
                    : "  via " + names.label(r.via()))
            .append('\n');
      }
    }
    if (!v.capabilities().contains("events")) {
      out.append("recent drops: the agent does not list the harness capability events\n");
    } else {
      out.append("recent drops (mesh.relay.dropped in the last ")
          .append(AgentReader.RECENT_EVENTS)
          .append(" events): ")
          .append(v.drops().size())
          .append('\n');
      for (AgentView.Drop d : v.drops()) {
        String peer = d.peer();
        String msgId = d.msgId();
        out.append("  #")
            .append(d.seq())
            .append(' ')
            .append(d.time())
            .append("  ")
            .append(d.reason())
            .append("  mesh_id ")
            .append(d.meshId())
            .append(peer == null ? "" : "  from " + names.label(peer))
            .append(msgId == null ? "" : "  msg_id " + msgId)
            .append('\n');
      }
    }
    return out.toString();
  }

  /** "2 messages, 551424 bytes" waiting for the peer's credit, or why there is no figure. */
  static String queueText(AgentView.@Nullable SendQueue queue) {
    if (queue == null) {
      return "not reported (harness 1.0)";
    }
    return queue.messages()
        + (queue.messages() == 1 ? " message, " : " messages, ")
        + queue.bytes()
        + (queue.bytes() == 1 ? " byte" : " bytes");
  }

  public static ObjectNode json(AgentView v) {
    ObjectNode out = NODES.objectNode();
    out.put("harness", v.harness());
    out.putObject("agent")
        .put("agent_id", v.agentId())
        .put("fingerprint", v.fingerprint())
        .put("implementation", v.implementation().strip());
    ArrayNode sessions = out.putArray("sessions");
    for (AgentView.Session s : v.sessions()) {
      ObjectNode o =
          sessions
              .addObject()
              .put("peer_agent_id", s.peerAgentId())
              .put("peer_fingerprint", s.peerFingerprint())
              .put("state", s.state())
              .put("trust", v.trustOf(s.peerFingerprint()));
      s.channels().forEach(o.putArray("channels")::add);
      AgentView.SendQueue queue = s.sendQueue();
      if (queue == null) {
        o.putNull("send_queue");
      } else {
        o.putObject("send_queue").put("messages", queue.messages()).put("bytes", queue.bytes());
      }
    }
    out.put("handshaking", v.handshaking());
    ArrayNode trust = out.putArray("trust");
    v.trust()
        .forEach((peer, state) -> trust.addObject().put("fingerprint", peer).put("state", state));
    if (v.mesh().isPresent()) {
      AgentView.MeshState m = v.mesh().get();
      ObjectNode mesh = out.putObject("mesh");
      mesh.put("hop_limit", m.hopLimit()).put("remembered", m.remembered());
      ArrayNode routes = mesh.putArray("routes");
      for (AgentView.Route r : m.routes()) {
        routes
            .addObject()
            .put("destination", r.destination())
            .put("agent_id", r.agentId())
            .put("via", r.via())
            .put("hops", r.hops());
      }
    } else {
      out.putNull("mesh");
    }
    ArrayNode drops = out.putArray("drops");
    for (AgentView.Drop d : v.drops()) {
      drops
          .addObject()
          .put("seq", d.seq())
          .put("time", d.time())
          .put("peer", d.peer())
          .put("mesh_id", d.meshId())
          .put("reason", d.reason())
          .put("msg_id", d.msgId());
    }
    return out;
  }
}
