package org.web4.hcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web4.cip.AgentLoop;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.rtt.session.RttConnection;

/**
 * Judges every valid incoming HCP envelope by the steps of spec/hcp.md Table 4.2, in order (G1–G8):
 * a refusal is a non-closing ERROR on the envelope's channel, reported; an accepted action is
 * delivered to the principal and the agent loop. Guarded by the runtime's lock.
 */
final class HcpReceiver {
  private final HcpDeviations deviations;
  private final Clock clock;
  private final AgentLoop loop;
  private final TrustBook cipTrust;
  private final Principal principal;
  private final HcpSessions sessions;
  private final HcpOutput output;

  HcpReceiver(
      HcpDeviations deviations,
      Clock clock,
      AgentLoop loop,
      TrustBook cipTrust,
      Principal principal,
      HcpSessions sessions,
      HcpOutput output) {
    this.deviations = deviations;
    this.clock = clock;
    this.loop = loop;
    this.cipTrust = cipTrust;
    this.principal = principal;
    this.sessions = sessions;
    this.output = output;
  }

  /** A valid HCP envelope on {@code control}: the steps of Table 4.2, in order. */
  void receive(RttConnection connection, int channel, long lastFrame, ValidatedEnvelope e) {
    String peer = connection.peer().key().fingerprint();
    Refusal r = new Refusal(connection, channel, lastFrame, e, peer);
    // G1: the peer behind the session is the one the RTT handshake authenticated [HCP-SES-001]
    if (!e.sender().equals(connection.peer().key())) {
      cipTrust.apply(peer, TrustEvent.MALICIOUS);
      r.refuse("G1", ErrorCode.TRUST_VIOLATION, "the sender is not this session's peer");
      return;
    }
    // G2: a completed CIP handshake, not blacklisted [HCP-SES-002]
    TrustState cip = cipTrust.stateOf(peer);
    if (cip != TrustState.PROBING && cip != TrustState.TRUSTED) {
      r.refuse("G2", ErrorCode.TRUST_VIOLATION, "the peer's CIP trust state is " + cip.wire());
      return;
    }
    HcpSession s = sessions.of(connection);
    JsonNode view = e.json().path("trust").path("sender_view");
    if (view.isTextual()) {
      s.peerView = view.asText(); // [HCP-TRU-002]
    }
    declared(s, e); // [HCP-STA-003]
    boolean hello = e.type().equals("HCP_HELLO");
    // G3: nothing but HCP_HELLO before the peer's first HCP_HELLO [HCP-SES-004]
    if (!hello && !s.opened) {
      r.refuse("G3", ErrorCode.CONSENT, "no HCP_HELLO from the peer on this connection yet");
      return;
    }
    if (hello) {
      hello(s, e.payload());
      return;
    }
    if (e.type().equals("HCP_STATE_UPDATE")) {
      return; // a signal is never refused for consent or pacing [HCP-STA-004]
    }
    action(s, e, r);
  }

  /** The declared state applies, then the consent events it causes (§4.7). */
  private void declared(HcpSession s, ValidatedEnvelope e) {
    Human before = s.counterpart;
    Human now = Human.of(e.json().path("state").path("human"));
    if (e.type().equals("HCP_STATE_UPDATE")) {
      now = now.updatedBy(e.payload());
    }
    s.counterpart = now;
    if (before != null && !before.affect().equals(now.affect())) {
      s.outgoing = CheckIn.Outgoing.NONE; // a new affect needs a new check-in (§4.5)
      s.outgoingRequest = null;
    }
    boolean wasRevoked = before != null && before.revoked();
    if (!wasRevoked && now.revoked()) {
      output.trustChanged(s, s.trust.revoked());
    } else if (wasRevoked && !now.revoked() && !principal.human.revoked()) {
      output.trustChanged(s, s.trust.restored());
    }
  }

  private void hello(HcpSession s, JsonNode payload) {
    s.counterpartScope = strings(payload.path("consent_scope"));
    s.counterpartFlags = strings(payload.path("safety_flags")); // [HCP-SES-005]
    if (s.opened) {
      return; // a later HELLO is not answered [HCP-SES-005]
    }
    sessions.opened(s);
    output.emit("hcp.session.opened", s, null, Map.of());
    Human counterpart = s.counterpart;
    boolean revoked = principal.human.revoked() || (counterpart != null && counterpart.revoked());
    output.trustChanged(s, s.trust.hello(revoked));
    if (!s.helloSent) {
      output.hello(s); // [HCP-SES-003]
    }
  }

  private void action(HcpSession s, ValidatedEnvelope e, Refusal r) {
    JsonNode payload = e.payload();
    Optional<CheckIn> checkIn = CheckIn.of(e.type(), payload);
    Consent.Kind kind = kind(e.type(), checkIn);
    String topic = payload.path("topic").isTextual() ? payload.path("topic").asText() : null;
    Human counterpart = s.counterpart;
    // G4, G5: both humans' consent (Table 4.3) [HCP-CON-001..004]
    if (counterpart == null
        || !Consent.allows(
            counterpartConsent(counterpart), s.scopeSet(), kind, topic, s.openTopic)) {
      r.refuse("G4", ErrorCode.CONSENT, "the counterpart's consent does not allow it");
      return;
    }
    if (!deviations.ignorePrincipalConsent()
        && !Consent.allows(
            principal.human.consent(), principal.scopeSet(), kind, topic, s.openTopic)) {
      r.refuse("G5", ErrorCode.CONSENT, "the principal's consent does not allow it");
      return;
    }
    Level level = deviations.noPacing() ? Level.ALLOW : principal.level();
    if (level == Level.DEFER) {
      r.refuse("G6", ErrorCode.BACKPRESSURE, "the principal's level is defer"); // [HCP-PAC-001]
      return;
    }
    Instant now = clock.instant();
    if (checkIn.isEmpty()) {
      boolean needsCheckIn =
          !deviations.skipCheckIn()
              && principal.human.needsCheckIn()
              && s.incoming != CheckIn.Incoming.CONFIRMED;
      Instant last = s.lastAcceptedAt;
      boolean tooSoon =
          level == Level.SLOW
              && last != null
              && now.isBefore(last.plus(deviations.minInterval())); // [HCP-PAC-002, HAR-HCP-005]
      // G7 before G8 [HCP-SES-006]
      if (needsCheckIn && !(deviations.slowBeforeCheckIn() && tooSoon)) {
        r.refuse("G7", ErrorCode.CONSENT, "the principal needs a check-in"); // [HCP-CHK-001]
        return;
      }
      if (tooSoon) {
        r.refuse("G8", ErrorCode.BACKPRESSURE, "less than 10 s since the last action");
        return;
      }
      s.lastAcceptedAt = now;
    }
    if (topic != null && e.type().equals("HCP_INTENT")) {
      s.openTopic = topic;
    }
    deliver(s, e);
    checkIn.ifPresent(c -> checkInReceived(s, c, e.msgId()));
    if (e.type().equals("HCP_FEEDBACK")) {
      feedback(s, payload);
    }
  }

  /** The counterpart's consent as step G4 reads it. */
  private String counterpartConsent(Human counterpart) {
    String consent = counterpart.consent();
    return deviations.limitedAsGranted() && consent.equals("limited") ? "granted" : consent;
  }

  private static Consent.Kind kind(String type, Optional<CheckIn> checkIn) {
    if (checkIn.isPresent()) {
      return Consent.Kind.CHECK_IN;
    }
    return type.equals("HCP_INTENT") ? Consent.Kind.INTENT : Consent.Kind.OTHER;
  }

  /** An accepted action reaches the principal [HCP-DEL-001] and the agent loop (§4.6). */
  private void deliver(HcpSession s, ValidatedEnvelope e) {
    ObjectNode payload = (ObjectNode) e.payload().deepCopy();
    if (s.inbox.size() == HcpSession.INBOX) {
      s.inbox.remove(0);
    }
    s.inbox.add(new HcpSession.Delivered(e.msgId(), e.type(), payload));
    Map<String, Object> attrs = new HashMap<>();
    attrs.put("type", e.type());
    if (e.type().equals("HCP_INTENT")) {
      attrs.put("topic", payload.path("topic").asText());
      loop.submit(new AgentLoop.HumanIntent(s.peerFingerprint, payload.deepCopy()));
    } else {
      loop.submit(new AgentLoop.HumanAction(s.peerFingerprint, e.type(), payload.deepCopy()));
    }
    output.emit("hcp.action.delivered", s, e.msgId(), attrs); // [EVT-HCP-003]
  }

  private void checkInReceived(HcpSession s, CheckIn c, String msgId) {
    output.emit("hcp.check_in", s, msgId, Map.of("direction", "received", "kind", c.wire()));
    switch (c) {
      case REQUEST -> {
        if (principal.human.needsCheckIn()) {
          s.incoming = CheckIn.Incoming.PENDING; // held for the principal [HCP-CHK-002]
        } else {
          output.checkIn(s, CheckIn.PROCEED); // a calm principal: at once [HCP-CHK-002]
          s.incoming = CheckIn.Incoming.CONFIRMED;
        }
      }
      case PROCEED -> {
        if (s.outgoing == CheckIn.Outgoing.REQUESTED) {
          s.outgoing = CheckIn.Outgoing.CONFIRMED;
          s.outgoingRequest = null;
        }
      }
      case STOP -> {
        if (s.outgoing == CheckIn.Outgoing.REQUESTED) {
          s.outgoing = CheckIn.Outgoing.STOPPED;
          s.outgoingRequest = null;
        }
      }
    }
  }

  /** {@code validated} and {@code misunderstanding} (Table 4.7a). */
  private void feedback(HcpSession s, JsonNode payload) {
    int satisfaction = payload.has("satisfaction") ? payload.path("satisfaction").asInt() : -1;
    output.trustChanged(s, s.trust.feedback(satisfaction, payload.path("corrections").size()));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  /** A refusal: a non-closing ERROR on the envelope's channel (rtt.md RTT-ERR-003), reported. */
  private final class Refusal {
    private final RttConnection connection;
    private final int channel;
    private final long lastFrame;
    private final ValidatedEnvelope envelope;
    private final String peer;

    Refusal(
        RttConnection connection,
        int channel,
        long lastFrame,
        ValidatedEnvelope envelope,
        String peer) {
      this.connection = connection;
      this.channel = channel;
      this.lastFrame = lastFrame;
      this.envelope = envelope;
      this.peer = peer;
    }

    void refuse(String step, ErrorCode code, String why) {
      connection.refuseMessage(channel, lastFrame, envelope.msgId(), code, why);
      Map<String, Object> attrs = new HashMap<>();
      attrs.put("peer", peer);
      attrs.put("msg_id", envelope.msgId());
      attrs.put("type", envelope.type());
      attrs.put("code", code.name());
      attrs.put("step", step);
      output.emit("hcp.action.refused", connection.label(), attrs); // [EVT-HCP-002]
    }
  }
}
