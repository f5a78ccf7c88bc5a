package org.web4.hcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.cip.AgentLoop;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.harness.HcpControl;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttTransportException;

/**
 * The HCP runtime of one agent (spec/hcp.md §4): it judges every incoming HCP envelope by the steps
 * of Table 4.2, keeps one {@link HcpSession} per RTT connection, and acts for the agent's principal
 * (the human the harness plays): state and consent changes are announced to every open session,
 * stated actions are sent at once or never (Table 4.4d: no queue, no holding, no re-send). Accepted
 * actions are delivered to the principal and handed to the {@link AgentLoop}. Thread-safe: one lock
 * guards the principal and every session.
 */
public final class HcpRuntime implements HcpControl {
  private static final Logger LOG = LoggerFactory.getLogger(HcpRuntime.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The principal's identity in its HCP_HELLO (Table 4.1; not compared by any check). */
  public record PrincipalIdentity(String name, String role) {
    public static final PrincipalIdentity DEFAULT = new PrincipalIdentity("principal", "human");
  }

  private final String agentId;
  private final AgentKeyPair identity;
  private final Clock clock;
  private final SecureRandom random;
  private final RttEvent.Sink events;
  private final AgentLoop loop;
  private final TrustBook cipTrust;

  /** Deviation.HCP_NO_PACING (testing the kit only): breaks spec/hcp.md §4.4. */
  private final boolean noPacing;

  /** Deviation.HCP_IGNORE_PRINCIPAL_CONSENT (testing the kit only): HCP-CON-003, HCP-CON-005. */
  private final boolean ignorePrincipalConsent;

  /** Deviation.HCP_LIMITED_AS_GRANTED (testing the kit only): breaks HCP-CON-002. */
  private final boolean limitedAsGranted;

  /** Deviation.HCP_SKIP_CHECK_IN (testing the kit only): breaks HCP-CHK-001. */
  private final boolean skipCheckIn;

  /** Deviation.HCP_SLOW_BEFORE_CHECK_IN (testing the kit only): breaks HCP-SES-006. */
  private final boolean slowBeforeCheckIn;

  /** The deviations of each session's social trust (HCP_RESTORED_TO_TRUSTED). */
  private final Set<Deviation> sessionDeviations;

  private final Map<RttConnection, HcpSession> sessions = new LinkedHashMap<>();
  private volatile PrincipalIdentity principalIdentity = PrincipalIdentity.DEFAULT;
  private Human principal = Human.INITIAL;
  private List<String> principalScope = List.of();
  private List<String> principalFlags = List.of();
  private long openedCount;

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
    this.noPacing = deviations.contains(Deviation.HCP_NO_PACING);
    this.ignorePrincipalConsent = deviations.contains(Deviation.HCP_IGNORE_PRINCIPAL_CONSENT);
    this.limitedAsGranted = deviations.contains(Deviation.HCP_LIMITED_AS_GRANTED);
    this.skipCheckIn = deviations.contains(Deviation.HCP_SKIP_CHECK_IN);
    this.slowBeforeCheckIn = deviations.contains(Deviation.HCP_SLOW_BEFORE_CHECK_IN);
    this.sessionDeviations = Set.copyOf(deviations);
    this.agentId = agentId;
    this.identity = identity;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.loop = loop;
    this.cipTrust = cipTrust;
  }

  /** The name and role the agent's HCP_HELLO carries (the operator's choice). */
  public void principalIdentity(PrincipalIdentity id) {
    this.principalIdentity = id;
  }

  /** The principal back to Table 4.1, every session state forgotten (harness {@code reset}). */
  public synchronized void reset() {
    principal = Human.INITIAL;
    principalScope = List.of();
    principalFlags = List.of();
    sessions.clear();
    openedCount = 0;
  }

  /** The connection ended: so did its session. */
  public synchronized void closed(RttConnection connection) {
    sessions.remove(connection);
  }

  // ------------------------------------------------------------------------------- receiving

  /** A valid HCP envelope on {@code control}: the steps of Table 4.2, in order. */
  public synchronized void receive(
      RttConnection connection, int channel, long lastFrame, ValidatedEnvelope e) {
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
    HcpSession s = session(connection);
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
      trustChanged(s, s.trust.revoked());
    } else if (wasRevoked && !now.revoked() && !principal.revoked()) {
      trustChanged(s, s.trust.restored());
    }
  }

  private void hello(HcpSession s, JsonNode payload) {
    s.counterpartScope = strings(payload.path("consent_scope"));
    s.counterpartFlags = strings(payload.path("safety_flags")); // [HCP-SES-005]
    if (s.opened) {
      return; // a later HELLO is not answered [HCP-SES-005]
    }
    s.opened = true;
    s.openedSeq = ++openedCount;
    emit("hcp.session.opened", s, null, Map.of());
    Human counterpart = s.counterpart;
    boolean revoked = principal.revoked() || (counterpart != null && counterpart.revoked());
    trustChanged(s, s.trust.hello(revoked));
    if (!s.helloSent) {
      sendHello(s); // [HCP-SES-003]
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
    if (!ignorePrincipalConsent
        && !Consent.allows(
            principal.consent(), Set.copyOf(principalScope), kind, topic, s.openTopic)) {
      r.refuse("G5", ErrorCode.CONSENT, "the principal's consent does not allow it");
      return;
    }
    Level level = noPacing ? Level.ALLOW : Pacing.level(principal, Set.copyOf(principalFlags));
    if (level == Level.DEFER) {
      r.refuse("G6", ErrorCode.BACKPRESSURE, "the principal's level is defer"); // [HCP-PAC-001]
      return;
    }
    Instant now = clock.instant();
    if (checkIn.isEmpty()) {
      boolean needsCheckIn =
          !skipCheckIn && principal.needsCheckIn() && s.incoming != CheckIn.Incoming.CONFIRMED;
      Instant last = s.lastAcceptedAt;
      boolean tooSoon =
          level == Level.SLOW
              && last != null
              && now.isBefore(last.plus(Pacing.MIN_INTERVAL)); // [HCP-PAC-002, HAR-HCP-005]
      if (needsCheckIn && !(slowBeforeCheckIn && tooSoon)) { // G7 before G8 [HCP-SES-006]
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
    return limitedAsGranted && consent.equals("limited") ? "granted" : consent;
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
    emit("hcp.action.delivered", s, e.msgId(), attrs); // [EVT-HCP-003]
  }

  private void checkInReceived(HcpSession s, CheckIn c, String msgId) {
    emit("hcp.check_in", s, msgId, Map.of("direction", "received", "kind", c.wire()));
    switch (c) {
      case REQUEST -> {
        if (principal.needsCheckIn()) {
          s.incoming = CheckIn.Incoming.PENDING; // held for the principal [HCP-CHK-002]
        } else {
          sendCheckIn(s, CheckIn.PROCEED); // a calm principal: at once [HCP-CHK-002]
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
    trustChanged(s, s.trust.feedback(satisfaction, payload.path("corrections").size()));
  }

  /** A transition of Table 4.7b [HCP-TRU-001], reported once [EVT-HCP-001]. */
  private void trustChanged(HcpSession s, Optional<SocialTrust.Transition> transition) {
    transition.ifPresent(
        t ->
            emit(
                "hcp.trust.changed",
                s,
                null,
                Map.of("from", t.from().wire(), "to", t.to().wire(), "cause", t.cause().wire())));
  }

  // ------------------------------------------------------------------------------- the principal

  @Override
  public synchronized ObjectNode humanState(
      String presence, String affect, int clarity, int pressure, String intent) {
    Human before = principal;
    principal = new Human(presence, affect, clarity, pressure, intent, before.consent());
    if (!before.affect().equals(affect)) {
      for (HcpSession s : sessions.values()) {
        if (s.incoming == CheckIn.Incoming.CONFIRMED || s.incoming == CheckIn.Incoming.STOPPED) {
          s.incoming = CheckIn.Incoming.NONE; // [HCP-CHK-003]
        }
      }
    }
    for (HcpSession s : openSessions()) {
      send(s, "HCP_STATE_UPDATE", principal.toJson()); // [HCP-STA-002]
    }
    changed();
    ObjectNode out = NODES.objectNode();
    out.set("human", principal.toJson());
    out.put("level", level().wire());
    return out;
  }

  @Override
  public synchronized ObjectNode humanConsent(
      String consent, List<String> scope, List<String> flags) {
    Human before = principal;
    principal = principal.withConsent(consent);
    principalScope = List.copyOf(scope);
    principalFlags = List.copyOf(flags);
    for (HcpSession s : sessions.values()) {
      Human counterpart = s.counterpart;
      if (!before.revoked() && principal.revoked()) {
        trustChanged(s, s.trust.revoked());
      } else if (before.revoked()
          && !principal.revoked()
          && (counterpart == null || !counterpart.revoked())) {
        trustChanged(s, s.trust.restored());
      }
    }
    for (HcpSession s : openSessions()) {
      sendHello(s); // [HCP-STA-002]
      send(s, "HCP_STATE_UPDATE", principal.toJson());
    }
    changed();
    return principalJson();
  }

  private void changed() {
    Level level = level();
    loop.submit(new AgentLoop.HumanState(principal.presence(), level.wire()));
    Map<String, Object> attrs = Map.of("consent", principal.consent(), "level", level.wire());
    events.accept(new RttEvent(clock.instant(), "hcp.human.changed", "-", attrs));
  }

  private Level level() {
    return Pacing.level(principal, Set.copyOf(principalFlags));
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
    Optional<HcpSession> found = latestSession(peer);
    if (found.isEmpty()) {
      return action("no_session", null, null, null); // O1
    }
    HcpSession s = found.get();
    Human counterpart = s.counterpart;
    if (counterpart == null
        || (!ignorePrincipalConsent
            && !Consent.allows(
                principal.consent(), Set.copyOf(principalScope), kind, topic, s.openTopic))
        || !Consent.allows(counterpart.consent(), s.scopeSet(), kind, topic, s.openTopic)) {
      return action("refused", null, "CONSENT", null); // O2 [HCP-CON-005]
    }
    Level level = noPacing ? Level.ALLOW : Pacing.level(counterpart, s.flagSet());
    if (level == Level.DEFER) {
      return action("deferred", null, null, null); // O3 [HCP-PAC-004]
    }
    if (counterpart.needsCheckIn()) {
      if (s.outgoing == CheckIn.Outgoing.STOPPED) {
        return action("refused", null, "CONSENT", null); // O4 [HCP-CHK-004]
      }
      if (s.outgoing != CheckIn.Outgoing.CONFIRMED) {
        String request = s.outgoingRequest;
        if (s.outgoing != CheckIn.Outgoing.REQUESTED || request == null) {
          request = sendCheckIn(s, CheckIn.REQUEST); // O5: one outstanding at most
          s.outgoing = CheckIn.Outgoing.REQUESTED;
          s.outgoingRequest = request;
        }
        return action("check_in_requested", request, null, null);
      }
    }
    Instant now = clock.instant();
    Instant last = s.lastSentAt;
    if (level == Level.SLOW && last != null) {
      long passed = Duration.between(last, now).toMillis(); // the agent's clock [HAR-HCP-005]
      long wait = Pacing.MIN_INTERVAL.toMillis() - passed;
      if (wait > 0) {
        return action("deferred", null, null, wait); // O6 [HCP-PAC-004]
      }
    }
    String msgId = send(s, type, payload); // O7
    s.lastSentAt = now;
    if (topic != null) {
      s.openTopic = topic;
    }
    emit("hcp.action.sent", s, msgId, Map.of("type", type)); // [EVT-HCP-003]
    return action("sent", msgId, null, null);
  }

  private static ObjectNode action(
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

  @Override
  public synchronized ObjectNode humanCheckIn(String peer, boolean proceed) {
    ObjectNode out = NODES.objectNode();
    Optional<HcpSession> found = latestSession(peer);
    if (found.isEmpty() || found.get().incoming != CheckIn.Incoming.PENDING) {
      out.put("answered", false);
      out.putNull("msg_id");
      return out;
    }
    HcpSession s = found.get();
    String msgId = sendCheckIn(s, proceed ? CheckIn.PROCEED : CheckIn.STOP); // [HAR-HCP-003]
    s.incoming = proceed ? CheckIn.Incoming.CONFIRMED : CheckIn.Incoming.STOPPED;
    out.put("answered", true);
    out.put("msg_id", msgId);
    return out;
  }

  @Override
  public synchronized ObjectNode sessions() {
    ObjectNode out = NODES.objectNode();
    out.set("principal", principalJson());
    ArrayNode list = out.putArray("sessions");
    for (HcpSession s : openSessions()) {
      Human counterpart = s.counterpart;
      ObjectNode o = list.addObject();
      o.put("peer", s.peerFingerprint);
      o.put("trust", s.trust.state().wire());
      ObjectNode c = o.putObject("counterpart");
      Human h = counterpart == null ? Human.INITIAL : counterpart;
      c.set("human", h.toJson());
      strings(c.putArray("consent_scope"), s.counterpartScope);
      strings(c.putArray("safety_flags"), s.counterpartFlags);
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
        ObjectNode i = inbox.addObject();
        i.put("msg_id", d.msgId());
        i.put("type", d.type());
        i.set("payload", d.payload().deepCopy());
      }
    }
    return out;
  }

  private ObjectNode principalJson() {
    ObjectNode p = NODES.objectNode();
    p.set("human", principal.toJson());
    strings(p.putArray("consent_scope"), principalScope);
    strings(p.putArray("safety_flags"), principalFlags);
    p.put("level", level().wire());
    return p;
  }

  // ------------------------------------------------------------------------------- as a sender

  /**
   * Opens an HCP session on a connection whose CIP handshake completed: sends this agent's
   * HCP_HELLO first; the peer's answering HELLO opens the session (spec/hcp.md §4.2). Used by
   * {@code web4 demo}; a harness never asks for it.
   */
  public synchronized void open(RttConnection connection) {
    HcpSession s = session(connection);
    if (!s.helloSent) {
      sendHello(s);
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
      for (HcpSession.Delivered d : s.inbox) {
        ObjectNode o = NODES.objectNode();
        o.put("msg_id", d.msgId());
        o.put("type", d.type());
        o.set("payload", d.payload().deepCopy());
        out.add(o);
      }
    }
    return out;
  }

  private void sendHello(HcpSession s) {
    ObjectNode hello = NODES.objectNode();
    ObjectNode id = hello.putObject("identity");
    PrincipalIdentity who = principalIdentity;
    id.put("name", who.name());
    id.put("role", who.role());
    strings(hello.putArray("consent_scope"), principalScope);
    strings(hello.putArray("safety_flags"), principalFlags);
    s.helloSent = true;
    send(s, "HCP_HELLO", hello);
  }

  private String sendCheckIn(HcpSession s, CheckIn kind) {
    ObjectNode p = NODES.objectNode();
    p.put(
        "context",
        switch (kind) {
          case REQUEST -> "may I go on?";
          case PROCEED -> "go on";
          case STOP -> "please stop";
        });
    p.putArray("constraints").add(kind.flag());
    String msgId = send(s, "HCP_CONTEXT", p);
    emit("hcp.check_in", s, msgId, Map.of("direction", "sent", "kind", kind.wire()));
    return msgId;
  }

  /**
   * Signs and sends an HCP envelope on {@code control}, describing the principal [HCP-STA-001] with
   * the session's trust views [HCP-TRU-002].
   */
  private String send(HcpSession s, String type, ObjectNode payload) {
    ObjectNode state = NODES.objectNode();
    state.set("human", principal.toJson());
    ObjectNode trust = NODES.objectNode();
    trust.put("sender_view", s.trust.state().wire());
    trust.put("receiver_view", s.peerView);
    UUID msgId = uuid();
    ObjectNode envelope =
        EnvelopeBuilder.of(Protocol.HCP, type)
            .msgId(msgId)
            .timestamp(clock.instant())
            .sender(agentId, identity)
            .receiver(s.peerAgentId, s.peerFingerprint)
            .block("state", state)
            .block("trust", trust)
            .payload(payload)
            .sign(identity);
    try {
      s.connection.send(
          ChannelFamilies.channelOf(Protocol.HCP, type), JsonCanonicalizer.canonicalize(envelope));
    } catch (RttTransportException | RttBackpressureException e) {
      LOG.debug("{}: {} not sent: {}", s.connection.label(), type, e.toString());
    }
    return msgId.toString();
  }

  // ------------------------------------------------------------------------------- helpers

  private HcpSession session(RttConnection connection) {
    return sessions.computeIfAbsent(connection, c -> new HcpSession(c, sessionDeviations));
  }

  private List<HcpSession> openSessions() {
    List<HcpSession> out = new ArrayList<>();
    for (HcpSession s : sessions.values()) {
      if (s.opened) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingLong(s -> s.openedSeq));
    return out;
  }

  /** The peer's most recently opened session (§4.1). */
  private Optional<HcpSession> latestSession(String peer) {
    HcpSession latest = null;
    for (HcpSession s : openSessions()) {
      if (s.peerFingerprint.equals(peer)) {
        latest = s;
      }
    }
    return Optional.ofNullable(latest);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }

  private static void putNullable(ObjectNode o, String name, @Nullable String value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }

  private void emit(
      String kind, HcpSession s, @Nullable String msgId, Map<String, Object> attributes) {
    Map<String, Object> attrs = new HashMap<>(attributes);
    attrs.put("peer", s.peerFingerprint);
    if (msgId != null) {
      attrs.put("msg_id", msgId);
    }
    events.accept(new RttEvent(clock.instant(), kind, s.connection.label(), attrs));
  }

  private UUID uuid() {
    byte[] b = new byte[16];
    random.nextBytes(b);
    ByteBuffer bb = ByteBuffer.wrap(b);
    long hi = (bb.getLong() & ~0xF000L) | 0x4000L;
    long lo = (bb.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo);
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
      // [EVT-HCP-002]
      events.accept(new RttEvent(clock.instant(), "hcp.action.refused", connection.label(), attrs));
    }
  }
}
