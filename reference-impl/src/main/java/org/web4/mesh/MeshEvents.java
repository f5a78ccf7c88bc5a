package org.web4.mesh;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.rtt.RttEvent;

/**
 * The mesh's observability events (spec/events.md Table 2, {@code mesh.*}): {@code peer} the
 * session peer the MESH_RELAY or MESH_VOUCH came from (for {@code mesh.relay.forwarded}, the
 * neighbour the copy went to), {@code msg_id} the inner envelope's (null when it could not be read)
 * or the MESH_VOUCH's [EVT-MESH-001, EVT-MESH-002].
 */
final class MeshEvents {
  private final Clock clock;
  private final RttEvent.Sink sink;

  MeshEvents(Clock clock, RttEvent.Sink sink) {
    this.clock = clock;
    this.sink = sink;
  }

  void forwarded(String to, RelayPayload copy, String innerMsgId) {
    Map<String, Object> a = relay(to, copy, innerMsgId);
    a.put("destination", copy.destination());
    a.put("hops", copy.route().size());
    emit("mesh.relay.forwarded", a);
  }

  void originated(String to, RelayPayload r, String innerMsgId, String type) {
    Map<String, Object> a = new HashMap<>();
    a.put("peer", to);
    a.put("msg_id", innerMsgId);
    a.put("mesh_id", r.meshId());
    a.put("destination", r.destination());
    a.put("type", type);
    emit("mesh.relay.originated", a);
  }

  void delivered(String peer, RelayPayload r, ValidatedEnvelope inner) {
    Map<String, Object> a = relay(peer, r, inner.msgId());
    a.put("type", inner.type());
    emit("mesh.relay.delivered", a);
  }

  /**
   * @param innerMsgId the inner msg_id when known; otherwise read from the relay if it can be
   */
  void dropped(String peer, RelayPayload r, String reason, @Nullable String innerMsgId) {
    String id = innerMsgId != null ? innerMsgId : InnerPeek.msgId(r.envelope());
    Map<String, Object> a = new HashMap<>();
    a.put("peer", peer);
    if (id != null) {
      a.put("msg_id", id);
    }
    a.put("mesh_id", r.meshId());
    a.put("reason", reason);
    emit("mesh.relay.dropped", a);
  }

  void vouchReceived(String peer, String msgId, String subject, String view, boolean applied) {
    emit(
        "mesh.vouch.received",
        Map.of(
            "peer", peer, "msg_id", msgId, "subject", subject, "view", view, "applied", applied));
  }

  private static Map<String, Object> relay(String peer, RelayPayload r, String innerMsgId) {
    Map<String, Object> a = new HashMap<>();
    a.put("peer", peer);
    a.put("msg_id", innerMsgId);
    a.put("mesh_id", r.meshId());
    a.put("origin", r.origin());
    return a;
  }

  private void emit(String kind, Map<String, Object> attributes) {
    sink.accept(new RttEvent(clock.instant(), kind, "-", attributes));
  }
}
