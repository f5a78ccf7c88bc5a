package org.web4.hcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.Timestamps;

/** The HCP runtime's answers to the harness (spec/harness.md §4.6, schemas/harness/hcp_*). */
final class HcpViews {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private HcpViews() {}

  /** An action's outcome (Table 4.4d): {@code status}, {@code msg_id}, {@code code}, retry. */
  static ObjectNode action(
      String status, @Nullable String msgId, @Nullable String code, @Nullable Long retryAfterMs) {
    ObjectNode o = NODES.objectNode();
    o.put("status", status);
    putNullable(o, "msg_id", msgId);
    putNullable(o, "code", code);
    if (retryAfterMs == null) {
      o.putNull("retry_after_ms");
    } else {
      o.put("retry_after_ms", retryAfterMs);
    }
    return o;
  }

  /** {@code hcp/sessions}: the principal, then every open session in the order it opened. */
  static ObjectNode sessions(Principal principal, List<HcpSession> open) {
    ObjectNode out = NODES.objectNode();
    out.set("principal", principal.toJson());
    ArrayNode list = out.putArray("sessions");
    for (HcpSession s : open) {
      ObjectNode o = list.addObject();
      o.put("peer", s.peerFingerprint);
      o.put("trust", s.trust.state().wire());
      ObjectNode c = o.putObject("counterpart");
      Human counterpart = s.counterpart;
      Human h = counterpart == null ? Human.INITIAL : counterpart;
      c.set("human", h.toJson());
      s.counterpartScope.forEach(c.putArray("consent_scope")::add);
      s.counterpartFlags.forEach(c.putArray("safety_flags")::add);
      c.put("level", Pacing.level(h, s.flagSet()).wire());
      putNullable(o, "open_topic", s.openTopic);
      ObjectNode checkIn = o.putObject("check_in");
      checkIn.put("incoming", s.incoming.wire());
      checkIn.put("outgoing", s.outgoing.wire());
      Instant accepted = s.lastAcceptedAt;
      Instant sent = s.lastSentAt;
      putNullable(o, "last_accepted_at", accepted == null ? null : Timestamps.format(accepted));
      putNullable(o, "last_sent_at", sent == null ? null : Timestamps.format(sent));
      ArrayNode inbox = o.putArray("inbox");
      for (HcpSession.Delivered d : s.inbox) {
        inbox.add(delivered(d));
      }
    }
    return out;
  }

  /** One action delivered to the principal [HCP-DEL-001]. */
  static ObjectNode delivered(HcpSession.Delivered d) {
    ObjectNode i = NODES.objectNode();
    i.put("msg_id", d.msgId());
    i.put("type", d.type());
    i.set("payload", d.payload().deepCopy());
    return i;
  }

  private static void putNullable(ObjectNode o, String name, @Nullable String value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }
}
