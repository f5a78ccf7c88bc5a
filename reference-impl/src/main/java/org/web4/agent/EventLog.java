package org.web4.agent;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.web4.envelope.Timestamps;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;

/**
 * The agent's observability events (spec/events.md): numbers the steps the runtime reports, keeps
 * the most recent ones for the harness {@code events} operation and hands each to a listener (the
 * JSON lines writer). Only the kinds of the contract's Table 2 are reported; the rest of the
 * runtime's steps stay internal (printed by {@code --verbose}). Thread-safe.
 */
public final class EventLog {
  /** The kinds of spec/events.md Table 2. */
  public static final Set<String> KINDS =
      Set.of(
          "rtt.handshake.completed",
          "rtt.handshake.failed",
          "rtt.connection.closed",
          "rtt.channel.opened",
          "rtt.channel.closed",
          "rtt.heartbeat.ping_sent",
          "rtt.heartbeat.pong_received",
          "rtt.error.sent",
          "rtt.error.received",
          "rtt.goaway.sent",
          "rtt.goaway.received",
          "rtt.send_queue.dropped",
          "rtt.send_queue.refused",
          "rtt.send_queue.blocked",
          "cip.handshake.completed",
          "cip.trust.changed",
          "cip.knowledge.decided",
          "hcp.session.opened",
          "hcp.trust.changed",
          "hcp.action.delivered",
          "hcp.action.refused",
          "hcp.action.sent",
          "hcp.check_in",
          "hcp.human.changed",
          "lip.fetch.started",
          "lip.source.fetched",
          "lip.source.failed",
          "lip.item.status",
          "lip.source.tier_changed",
          "mesh.relay.forwarded",
          "mesh.relay.originated",
          "mesh.relay.delivered",
          "mesh.relay.dropped",
          "mesh.vouch.received");

  /** How many events the harness can still read back. */
  static final int MEMORY = 10_000;

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String agentFingerprint;
  private final Consumer<ObjectNode> listener;
  private final ArrayDeque<ObjectNode> recent = new ArrayDeque<>();
  private long seq;

  /** Deviation.EVT_DROP_TRUST_CHANGED (testing the kit only): breaks EVT-CIP-001. */
  private final boolean dropTrustChanged;

  /** Deviation.EVT_HANDSHAKE_OUT_OF_ORDER (testing the kit only): breaks EVT-SEQ-001. */
  private final boolean handshakeOutOfOrder;

  public EventLog(String agentFingerprint, Consumer<ObjectNode> listener) {
    this(agentFingerprint, listener, Set.of());
  }

  /** With deliberate deviations from spec/events.md (for testing the kit only). */
  public EventLog(
      String agentFingerprint, Consumer<ObjectNode> listener, Set<Deviation> deviations) {
    this.agentFingerprint = agentFingerprint;
    this.listener = listener;
    this.dropTrustChanged = deviations.contains(Deviation.EVT_DROP_TRUST_CHANGED);
    this.handshakeOutOfOrder = deviations.contains(Deviation.EVT_HANDSHAKE_OUT_OF_ORDER);
  }

  /** Records one runtime step, if its kind is in the contract. */
  public void accept(RttEvent e) {
    if (!KINDS.contains(e.kind()) || (dropTrustChanged && e.kind().equals("cip.trust.changed"))) {
      return;
    }
    ObjectNode event;
    synchronized (this) {
      event = toJson(e, ++seq);
      if (recent.size() == MEMORY) {
        recent.removeFirst();
      }
      ObjectNode overtaken =
          handshakeOutOfOrder && e.kind().equals("cip.handshake.completed")
              ? recent.pollLast()
              : null;
      recent.addLast(event);
      if (overtaken != null) {
        recent.addLast(overtaken); // listed after an event numbered after it
      }
    }
    listener.accept(event.deepCopy());
  }

  /** The events with {@code seq > since}, oldest first, at most {@code limit}. */
  public synchronized List<ObjectNode> since(long since, int limit) {
    List<ObjectNode> out = new ArrayList<>();
    for (ObjectNode e : recent) {
      if (out.size() >= limit) {
        break;
      }
      if (e.path("seq").asLong() > since) {
        out.add(e.deepCopy());
      }
    }
    return out;
  }

  /** The seq of the last event (0: none since start or reset). */
  public synchronized long last() {
    return seq;
  }

  /** Numbering starts again at 1 [EVT-SEQ-001]. */
  public synchronized void reset() {
    recent.clear();
    seq = 0;
  }

  private ObjectNode toJson(RttEvent e, long n) {
    Map<String, Object> attrs = new HashMap<>(e.attributes());
    Object peer = attrs.remove("peer");
    Object peerFingerprint = attrs.remove("peer_fingerprint");
    if (peer == null) {
      peer = peerFingerprint;
    }
    Object msgId = attrs.remove("msg_id");
    ObjectNode o = NODES.objectNode();
    o.put("version", "1.0");
    o.put("seq", n);
    o.put("time", Timestamps.format(e.time()));
    o.put("kind", e.kind());
    o.put("agent", agentFingerprint);
    if (peer == null) {
      o.putNull("peer");
    } else {
      o.put("peer", peer.toString());
    }
    if (msgId == null) {
      o.putNull("msg_id");
    } else {
      o.put("msg_id", msgId.toString());
    }
    ObjectNode a = o.putObject("attributes");
    attrs.forEach(
        (k, v) -> {
          if (v instanceof Boolean b) {
            a.put(k, b);
          } else if (v instanceof Integer i) {
            a.put(k, i);
          } else if (v instanceof Long l) {
            a.put(k, l);
          } else {
            a.put(k, String.valueOf(v));
          }
        });
    return o;
  }
}
