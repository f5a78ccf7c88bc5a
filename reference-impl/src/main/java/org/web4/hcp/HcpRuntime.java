package org.web4.hcp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.cip.AgentLoop;
import org.web4.cip.TrustBook;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.harness.HcpControl;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttConnection;

/**
 * The HCP runtime of one agent (spec/hcp.md §4): it keeps one {@link HcpSession} per RTT
 * connection, judges every incoming HCP envelope ({@link HcpReceiver}, Table 4.2), and acts for the
 * agent's principal (the human the harness plays): state and consent changes are announced to every
 * open session, stated actions are sent at once or never (Table 4.4d: no queue, no holding, no
 * re-send). Thread-safe: one lock (this object's) guards the principal and every session.
 */
public final class HcpRuntime implements HcpControl {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The principal's identity in its HCP_HELLO (Table 4.1; not compared by any check). */
  public record PrincipalIdentity(String name, String role) {
    public static final PrincipalIdentity DEFAULT = new PrincipalIdentity("principal", "human");
  }

  private final Clock clock;
  private final AgentLoop loop;
  private final HcpDeviations deviations;
  private final Principal principal = new Principal(PrincipalIdentity.DEFAULT);
  private final HcpSessions sessions;
  private final HcpOutput output;
  private final HcpReceiver receiver;

  public HcpRuntime(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      AgentLoop loop,
      TrustBook cipTrust) {
    this(agentId, identity, clock, random, events, loop, cipTrust, Set.of());
  }

  /**
   * With deliberate deviations from spec/hcp.md (for testing the kit only, see {@link Deviation}).
   */
  public HcpRuntime(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      AgentLoop loop,
      TrustBook cipTrust,
      Set<Deviation> deviations) {
    this.clock = clock;
    this.loop = loop;
    this.deviations = HcpDeviations.of(deviations);
    this.sessions = new HcpSessions(deviations); // HCP_RESTORED_TO_TRUSTED: each social trust
    this.output = new HcpOutput(agentId, identity, clock, random, events, principal);
    this.receiver =
        new HcpReceiver(this.deviations, clock, loop, cipTrust, principal, sessions, output);
  }

  /** The name and role the agent's HCP_HELLO carries (the operator's choice). */
  public void principalIdentity(PrincipalIdentity id) {
    principal.identity = id;
  }

  /** The principal back to Table 4.1, every session state forgotten (harness {@code reset}). */
  public synchronized void reset() {
    principal.reset();
    sessions.clear();
  }

  /** The connection ended: so did its session. */
  public synchronized void closed(RttConnection connection) {
    sessions.remove(connection);
  }

  /** A valid HCP envelope on {@code control}: the steps of Table 4.2, in order. */
  public synchronized void receive(
      RttConnection connection, int channel, long lastFrame, ValidatedEnvelope e) {
    receiver.receive(connection, channel, lastFrame, e);
  }

  // ------------------------------------------------------------------------------- the principal

  @Override
  public synchronized ObjectNode humanState(
      String presence, String affect, int clarity, int pressure, String intent) {
    Human before = principal.human;
    principal.human = new Human(presence, affect, clarity, pressure, intent, before.consent());
    if (!before.affect().equals(affect)) {
      for (HcpSession s : sessions.all()) {
        if (s.incoming == CheckIn.Incoming.CONFIRMED || s.incoming == CheckIn.Incoming.STOPPED) {
          s.incoming = CheckIn.Incoming.NONE; // [HCP-CHK-003]
        }
      }
    }
    for (HcpSession s : sessions.open()) {
      output.send(s, "HCP_STATE_UPDATE", principal.human.toJson()); // [HCP-STA-002]
    }
    changed();
    ObjectNode out = NODES.objectNode();
    out.set("human", principal.human.toJson());
    out.put("level", principal.level().wire());
    return out;
  }

  @Override
  public synchronized ObjectNode humanConsent(
      String consent, List<String> scope, List<String> flags) {
    Human before = principal.human;
    principal.human = before.withConsent(consent);
    principal.scope = List.copyOf(scope);
    principal.flags = List.copyOf(flags);
    boolean revokedNow = principal.human.revoked();
    for (HcpSession s : sessions.all()) {
      Human counterpart = s.counterpart;
      if (!before.revoked() && revokedNow) {
        output.trustChanged(s, s.trust.revoked());
      } else if (before.revoked()
          && !revokedNow
          && (counterpart == null || !counterpart.revoked())) {
        output.trustChanged(s, s.trust.restored());
      }
    }
    for (HcpSession s : sessions.open()) {
      output.hello(s); // [HCP-STA-002]
      output.send(s, "HCP_STATE_UPDATE", principal.human.toJson());
    }
    changed();
    return principal.toJson();
  }

  private void changed() {
    Level level = principal.level();
    loop.submit(new AgentLoop.HumanState(principal.human.presence(), level.wire()));
    output.emitHuman(Map.of("consent", principal.human.consent(), "level", level.wire()));
  }

  @Override
  public synchronized ObjectNode humanIntent(
      String peer, String goal, String topic, String priority) {
    ObjectNode p = NODES.objectNode();
    p.put("goal", goal);
    p.put("topic", topic);
    p.put("priority", priority);
    return act(peer, "HCP_INTENT", p, Consent.Kind.INTENT, topic);
  }

  @Override
  public synchronized ObjectNode humanDecision(
      String peer,
      String decision,
      String rationale,
      List<String> alternatives,
      @Nullable String followUp) {
    ObjectNode p = NODES.objectNode();
    p.put("decision", decision); // unchanged [HCP-DEC-001]
    p.put("rationale", rationale);
    ArrayNode alts = p.putArray("alternatives");
    alternatives.forEach(alts::add);
    if (followUp != null) {
      p.put("follow_up", followUp);
    }
    return act(peer, "HCP_DECISION", p, Consent.Kind.OTHER, null);
  }

  /** Table 4.4d: the first matching row decides; the action is sent at once or never. */
  private ObjectNode act(
      String peer, String type, ObjectNode payload, Consent.Kind kind, @Nullable String topic) {
    Optional<HcpSession> found = sessions.latest(peer);
    if (found.isEmpty()) {
      return HcpViews.action("no_session", null, null, null); // O1
    }
    HcpSession s = found.get();
    Human counterpart = s.counterpart;
    if (counterpart == null
        || (!deviations.ignorePrincipalConsent()
            && !Consent.allows(
                principal.human.consent(), principal.scopeSet(), kind, topic, s.openTopic))
        || !Consent.allows(counterpart.consent(), s.scopeSet(), kind, topic, s.openTopic)) {
      return HcpViews.action("refused", null, "CONSENT", null); // O2 [HCP-CON-005]
    }
    Level level = deviations.noPacing() ? Level.ALLOW : Pacing.level(counterpart, s.flagSet());
    if (level == Level.DEFER) {
      return HcpViews.action("deferred", null, null, null); // O3 [HCP-PAC-004]
    }
    if (counterpart.needsCheckIn()) {
      if (s.outgoing == CheckIn.Outgoing.STOPPED) {
        return HcpViews.action("refused", null, "CONSENT", null); // O4 [HCP-CHK-004]
      }
      if (s.outgoing != CheckIn.Outgoing.CONFIRMED) {
        String request = s.outgoingRequest;
        if (s.outgoing != CheckIn.Outgoing.REQUESTED || request == null) {
          request = output.checkIn(s, CheckIn.REQUEST); // O5: one outstanding at most
          s.outgoing = CheckIn.Outgoing.REQUESTED;
          s.outgoingRequest = request;
        }
        return HcpViews.action("check_in_requested", request, null, null);
      }
    }
    Instant now = clock.instant();
    Instant last = s.lastSentAt;
    if (level == Level.SLOW && last != null) {
      long passed = Duration.between(last, now).toMillis(); // the agent's clock [HAR-HCP-005]
      long wait = deviations.minInterval().toMillis() - passed;
      if (wait > 0) {
        return HcpViews.action("deferred", null, null, wait); // O6 [HCP-PAC-004]
      }
    }
    String msgId = output.send(s, type, payload); // O7
    s.lastSentAt = now;
    if (topic != null) {
      s.openTopic = topic;
    }
    output.emit("hcp.action.sent", s, msgId, Map.of("type", type)); // [EVT-HCP-003]
    return HcpViews.action("sent", msgId, null, null);
  }

  @Override
  public synchronized ObjectNode humanCheckIn(String peer, boolean proceed) {
    ObjectNode out = NODES.objectNode();
    Optional<HcpSession> found = sessions.latest(peer);
    if (found.isEmpty() || found.get().incoming != CheckIn.Incoming.PENDING) {
      out.put("answered", false);
      out.putNull("msg_id");
      return out;
    }
    HcpSession s = found.get();
    String msgId = output.checkIn(s, proceed ? CheckIn.PROCEED : CheckIn.STOP); // [HAR-HCP-003]
    s.incoming = proceed ? CheckIn.Incoming.CONFIRMED : CheckIn.Incoming.STOPPED;
    out.put("answered", true);
    out.put("msg_id", msgId);
    return out;
  }

  @Override
  public synchronized ObjectNode sessions() {
    return HcpViews.sessions(principal, sessions.open());
  }

  // ------------------------------------------------------------------------------- as a sender

  /**
   * Opens an HCP session on a connection whose CIP handshake completed: sends this agent's
   * HCP_HELLO first; the peer's answering HELLO opens the session (spec/hcp.md §4.2). Used by
   * {@code web4 demo}; a harness never asks for it.
   */
  public synchronized void open(RttConnection connection) {
    HcpSession s = sessions.of(connection);
    if (!s.helloSent) {
      output.hello(s);
    }
  }

  /** Whether the peer's HELLO opened the session on this connection. */
  public synchronized boolean isOpen(RttConnection connection) {
    HcpSession s = sessions.get(connection);
    return s != null && s.opened;
  }

  /** The actions delivered to the principal on this connection, oldest first. */
  public synchronized List<ObjectNode> delivered(RttConnection connection) {
    HcpSession s = sessions.get(connection);
    List<ObjectNode> out = new ArrayList<>();
    if (s != null) {
      s.inbox.forEach(d -> out.add(HcpViews.delivered(d)));
    }
    return out;
  }
}
