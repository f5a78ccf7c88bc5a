package org.web4.cip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.Session;
import org.web4.rtt.resume.SessionAccess;
import org.web4.rtt.session.RttConnection;

/**
 * The CIP runtime of one agent (spec/cip.md §4): the handshake per RTT session ({@link
 * CipHandshake}; an RTT 1.1 session keeps its CIP session across a resume, {@link CipSessions}),
 * trust gating before anything is dispatched, intents and load, knowledge acceptance, and the trust
 * events each of these produces; envelopes are signed and sent by {@link CipOutbox}, refused by
 * {@link CipRefusal}. Envelopes arrive here after the ten validation steps and the channel check;
 * answers are sent on the same connection in order (rtt.md RTT-FR-006).
 */
public final class CipRuntime {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** What an overloaded agent asks the peer to wait before retrying an intent [CIP-INT-002]. */
  public static final int RETRY_AFTER_MS = 30_000;

  private final Clock clock;
  private final SecureRandom random;
  private final RttEvent.Sink events;
  private final TrustBook trust;
  private final Knowledge knowledge;
  private final Consensus consensus;
  private final AgentLoad load = new AgentLoad();
  private final AgentLoop loop;
  private final CipHandshake handshake;
  private final CipSessions sessions;

  /** Numbers the sessions as their handshakes complete: the earliest established is the least. */
  private final AtomicLong establishments = new AtomicLong();

  /** Deviation.CIP_IGNORE_OVERLOAD (testing the kit only): breaks CIP-INT-002. */
  private final boolean ignoreOverload;

  /** Deviation.MESH_REVIEWER_IS_RELAY (testing the kit only): breaks spec/mesh.md §4.4 (2). */
  private final boolean reviewerIsRelay;

  /** Deviation.CIP_FORGET_REFUSED (testing the kit only): breaks ENV-RPL-001. */
  private final boolean forgetRefused;

  /** Forgets a msg_id of the agent's replay memory; used only by {@link #forgetRefused}. */
  private volatile Consumer<String> replayForget = id -> {};

  /**
   * Deviation.CIP_FORGOTTEN_ON_RESUME (testing the kit only): a resumed RTT session is treated as a
   * new connection — a new CIP handshake, and the replay memory forgotten (breaks RTT-RES-012,
   * RTT-RES-016).
   */
  private final boolean forgottenOnResume;

  /** Empties the agent's replay memory; used only by {@link #forgottenOnResume}. */
  private volatile Runnable replayClear = () -> {};

  /** Deviation.MESH_OUTCOME_THROUGH_MESH (testing the kit only): breaks MESH-KNW-001. */
  private final boolean outcomeThroughMesh;

  private final CipOutbox outbox;

  /**
   * Sends a CIP envelope to an agent this one has no session with (spec/mesh.md §4.2); until the
   * mesh is attached, such an envelope is not sent.
   */
  @FunctionalInterface
  public interface Originator {
    void originate(String destination, String type, ObjectNode payload);
  }

  /** Sees every completed CIP handshake (the mesh announces its routes then, MESH-RTE-001). */
  @FunctionalInterface
  public interface SessionListener {
    void established(RttConnection connection);
  }

  private volatile Originator originator = (destination, type, payload) -> {};
  private volatile SessionListener sessionListener = connection -> {};

  /**
   * @param deviations deliberate deviations from the spec, for testing the kit only (see {@link
   *     Deviation}); empty for an agent that follows the spec
   */
  public CipRuntime(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      AgentLoop loop,
      Set<Deviation> deviations) {
    this.ignoreOverload = deviations.contains(Deviation.CIP_IGNORE_OVERLOAD);
    this.reviewerIsRelay = deviations.contains(Deviation.MESH_REVIEWER_IS_RELAY);
    this.outcomeThroughMesh = deviations.contains(Deviation.MESH_OUTCOME_THROUGH_MESH);
    this.forgetRefused = deviations.contains(Deviation.CIP_FORGET_REFUSED);
    this.forgottenOnResume = deviations.contains(Deviation.CIP_FORGOTTEN_ON_RESUME);
    this.sessions = new CipSessions();
    this.knowledge = new Knowledge(deviations);
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.loop = loop;
    TrustBook.Listener trustEvents =
        t ->
            emit(
                "cip.trust.changed",
                "-",
                Map.of(
                    "peer",
                    t.fingerprint(),
                    "from",
                    t.from().wire(),
                    "to",
                    t.to().wire(),
                    "cause",
                    t.cause()));
    this.trust =
        new TrustBook(
            t -> {
              trustEvents.changed(t);
              trustListener.changed(t);
            },
            deviations,
            clock);
    this.outbox =
        new CipOutbox(agentId, identity, clock, random, trust, new SendDeviations(deviations));
    this.handshake =
        new CipHandshake(
            identity,
            trust,
            outbox::send,
            this::completed,
            this::emit,
            deviations.contains(Deviation.CIP_SKIP_CHALLENGE_CHECK));
    this.consensus =
        new Consensus(
            knowledge,
            trust,
            o ->
                emit(
                    "cip.knowledge.decided",
                    "-",
                    Map.of("fact", o.factId(), "status", o.status().wire(), "reason", o.reason())));
  }

  private volatile TrustBook.Listener trustListener = t -> {};

  /**
   * Attaches the mesh (spec/mesh.md): how envelopes for agents without a session are sent, who
   * hears of completed handshakes and of every trust transition (called under the trust book's
   * lock, after its event is reported: it must only hand the work on).
   */
  public void attachMesh(
      Originator originator, SessionListener sessions, TrustBook.Listener trustChanges) {
    this.originator = originator;
    this.sessionListener = sessions;
    this.trustListener = trustChanges;
  }

  public TrustBook trust() {
    return trust;
  }

  public Knowledge knowledge() {
    return knowledge;
  }

  public AgentLoad load() {
    return load;
  }

  /** Forgets every peer, fact and session state (the harness reset). */
  public void reset() {
    trust.reset();
    knowledge.reset();
    load.reset();
    sessions.clear();
    consensus.reset();
  }

  // ----------------------------------------------------------------------------- lifecycle

  /**
   * A new RTT connection: as initiator, start the handshake [CIP-HS-001] — unless the connection
   * resumes an RTT session, which carries its CIP session on: no new handshake [RTT-RES-016].
   */
  public void connected(RttConnection connection, boolean initiator) {
    if (sessions.resumes(connection)) {
      if (!forgottenOnResume) {
        CipSession carried = sessions.carryOn(connection);
        if (carried != null) {
          afterResume(connection, carried);
          return;
        }
      } else {
        replayClear.run();
      } // the deviation: a resume as a new connection, replay memory and all
    }
    start(connection, initiator);
  }

  private void start(RttConnection connection, boolean initiator) {
    CipSession s = new CipSession(connection, initiator, bytes32(), bytes32());
    sessions.add(connection, s);
    if (initiator) {
      handshake.start(s);
    }
  }

  /**
   * A resumed connection carries an established session: the mesh hears of it as of a completed
   * handshake (its routes go on the new connection). A dialer learns only from the RESUME whether
   * it resumed: if {@code fresh}, the connection is a new RTT session's and needs a new CIP
   * handshake [RTT-RES-007]. Both off the event loop, after the RESUME was handled (a send waits
   * until the session takes the connection over).
   */
  private void afterResume(RttConnection connection, CipSession carried) {
    if (connection.isInitiator()
        && connection.session().orElse(null) instanceof Session rs
        && rs.expectsResume()) {
      var unused =
          SessionAccess.answer(rs, connection)
              .thenAcceptAsync(
                  answer -> {
                    if (answer instanceof ResumeAnswer.Fresh) {
                      sessions.replaced(connection, carried);
                      start(connection, /* initiator= */ true);
                    } else if (carried.established()) {
                      sessionListener.established(connection);
                    }
                  });
    } else if (carried.established()) {
      sessionListener.established(connection); // the mesh's routes, on the new connection
    }
  }

  private void completed(CipSession s) {
    s.phase = CipSession.Phase.ESTABLISHED;
    s.establishedOrder = establishments.incrementAndGet();
    // [EVT-CIP-004] the completion is reported before the trust change it causes
    emit("cip.handshake.completed", s.connection.label(), Map.of("peer", s.peerFingerprint));
    trust.apply(s.peerFingerprint, TrustEvent.HANDSHAKE);
    ObjectNode state = NODES.objectNode();
    state.put("presence", load.presence());
    state.put("lri", load.lri());
    outbox.send(s, "STATE_UPDATE", state); // [CIP-HS-005]
    sessionListener.established(s.connection);
  }

  /** The connection ended: a dead peer is an anomaly (spec/cip.md §4.4). */
  public void closed(RttConnection connection) {
    CipSession s = sessions.closed(connection);
    if (s != null && connection.closeReason().map(r -> r.code().equals("TIMEOUT")).orElse(false)) {
      trust.apply(s.peerFingerprint, TrustEvent.ANOMALY);
    }
  }

  /**
   * An envelope from the peer that failed validation: a signature or identity that does not match
   * the peer's key is a trust event (spec/cip.md §4.4).
   */
  public void refusedEnvelope(RttConnection connection, ErrorCode code, JsonNode parsed) {
    String peer = connection.peer().key().fingerprint();
    if (code == ErrorCode.IDENTITY_MISMATCH) {
      // any identity that does not match, whatever key it names, is malicious evidence
      trust.apply(peer, TrustEvent.MALICIOUS);
      return;
    }
    String pubkey = parsed.path("sender").path("pubkey").asText("");
    if (code == ErrorCode.SIGNATURE_MISMATCH && connection.peer().key().base64().equals(pubkey)) {
      trust.apply(peer, TrustEvent.BAD_SIGNATURE);
    }
  }

  // ----------------------------------------------------------------------------- routing

  /** A valid CIP envelope on its channel: gate, then dispatch. */
  public void receive(RttConnection connection, int channel, long lastFrame, ValidatedEnvelope e) {
    CipSession s = sessions.get(connection);
    if (s == null) {
      return; // the connection is closing
    }
    CipRefusal r =
        new CipRefusal(
            connection,
            channel,
            lastFrame,
            e.msgId(),
            forgetRefused ? replayForget : null,
            this::emit);
    // The peer behind the session is the one the RTT handshake authenticated [CIP-SES-001].
    if (!e.sender().equals(connection.peer().key())) {
      trust.apply(s.peerFingerprint, TrustEvent.MALICIOUS);
      r.refuse("the sender is not this session's peer");
      return;
    }
    JsonNode view = e.json().path("trust").path("sender_view");
    if (view.isTextual()) {
      s.peerView = view.asText();
    }
    TrustState state = trust.stateOf(s.peerFingerprint);
    if (state == TrustState.BLACKLISTED) {
      r.refuse("the sender is blacklisted"); // [CIP-TRU-002]
      return;
    }
    if (!s.established()) {
      handshake.step(s, e, r);
      return;
    }
    if (e.type().equals("HELLO") || e.type().equals("VERIFY")) {
      r.refuse("the handshake is complete"); // [CIP-HS-006]
      return;
    }
    if (state == TrustState.UNTRUSTED) {
      r.refuse("the sender is untrusted"); // [CIP-TRU-003]
      return;
    }
    if (e.type().equals("STATE_UPDATE")) {
      s.peerPresence = e.payload().path("presence").asText();
      s.peerLri = e.payload().path("lri").asInt();
      loop.submit(new AgentLoop.PeerState(s.peerFingerprint, s.peerPresence, s.peerLri));
      return;
    }
    dispatch(CipPeer.ofSession(s, r, outbox), e);
  }

  /** A refusal of a relayed envelope: the mesh answers it with a MESH_UNDELIVERABLE. */
  @FunctionalInterface
  public interface RelayedRefusal {
    void refuse(ErrorCode code, String why);
  }

  /**
   * A relayed inner envelope for this agent (spec/mesh.md §4.4, MESH-DEL-001): the origin is the
   * peer; CIP-SES-001, the handshake and CIP-TRU-004 do not apply; the trust gates do (CIP-TRU-002,
   * CIP-TRU-003); a refusal goes to {@code refusal} and is never a trust event; answers are
   * originated by the mesh (§4.2). Steps 1–10 have run.
   *
   * @param relayedBy the neighbour the MESH_RELAY came from (only the deviation {@link
   *     Deviation#MESH_REVIEWER_IS_RELAY} looks at it)
   */
  public void deliverRelayed(ValidatedEnvelope e, String relayedBy, RelayedRefusal refusal) {
    String origin = e.sender().fingerprint();
    TrustState state = trust.stateOf(origin);
    if (state == TrustState.BLACKLISTED || state == TrustState.UNTRUSTED) {
      // [CIP-TRU-002, CIP-TRU-003] through the mesh as on a session [MESH-DEL-002]
      refusal.refuse(ErrorCode.TRUST_VIOLATION, "the origin is " + state.wire());
      return;
    }
    boolean review = e.type().startsWith("FACT_") && !e.type().equals("FACT_PROPOSE");
    String peer = reviewerIsRelay && review ? relayedBy : origin; // the deviation, else §4.4 (2)
    dispatch(CipPeer.relayed(peer, refusal, (type, payload) -> tell(peer, type, payload)), e);
  }

  /** The behaviour of every CIP type after the handshake (spec/cip.md §4.3, §4.5). */
  private void dispatch(CipPeer p, ValidatedEnvelope e) {
    switch (e.type()) {
      case "INTENT" -> intent(p, e);
      case "INTENT_RESPONSE" ->
          loop.submit(new AgentLoop.IntentAnswered(p.fingerprint(), e.payload().deepCopy()));
      case "FACT_PROPOSE" ->
          knowledgeVerdict(
              p,
              consensus.propose(
                  e.msgId(),
                  p.fingerprint(),
                  (ObjectNode) e.payload().deepCopy(),
                  load.overloaded()));
      case "FACT_CONFIRM", "FACT_REJECT", "FACT_CHALLENGE" ->
          knowledgeVerdict(p, consensus.review(e.type(), e.payload(), p.fingerprint()));
      case "DECISION_SHARE" ->
          loop.submit(new AgentLoop.DecisionShared(p.fingerprint(), e.payload().deepCopy()));
      default -> p.refuse("not a CIP message this runtime routes: " + e.type());
    }
  }

  // ----------------------------------------------------------------------------- intents

  private void intent(CipPeer s, ValidatedEnvelope e) {
    ObjectNode answer = NODES.objectNode();
    answer.put("intent_ref", e.msgId());
    if (load.overloaded() && !ignoreOverload) {
      answer.put("decision", "defer"); // [CIP-INT-002]
      answer.put("retry_after_ms", RETRY_AFTER_MS);
      answer.put("reason", "overloaded");
    } else {
      answer.put("decision", "accept"); // [CIP-INT-001]
      loop.submit(new AgentLoop.IntentAccepted(s.fingerprint(), e.payload().deepCopy()));
    }
    s.answer("INTENT_RESPONSE", answer);
  }

  // ----------------------------------------------------------------------------- knowledge

  /**
   * What {@link Consensus} decided: a refusal [CIP-KNW-004] goes back as the peer's refusal; a
   * decided fact (already reported) is remembered when accepted and told to the proposer.
   */
  private void knowledgeVerdict(CipPeer p, Consensus.Verdict verdict) {
    if (verdict instanceof Consensus.Refused r) {
      p.refuse(r.why());
      return;
    }
    if (!(verdict instanceof Consensus.Decided d)) {
      return;
    }
    Knowledge.Outcome o = d.outcome();
    if (o.status() == Fact.Status.ACCEPTED) {
      loop.submit(new AgentLoop.FactAccepted(o.factId(), o.proposer()));
    }
    if (outcomeThroughMesh && p.relayed()) {
      originator.originate(o.proposer(), d.answerType(), d.answer()); // the deviation
      return;
    }
    tell(o.proposer(), d.answerType(), d.answer());
  }

  /**
   * Sends an envelope to an agent (the outcome of its proposal, an answer to its relayed envelope):
   * on the earliest established session with it still open, whether or not it announced the mesh,
   * else originated through the mesh (spec/cip.md §4.5 "Where the outcome goes", spec/mesh.md §4.2,
   * §4.4 (4), MESH-KNW-001).
   */
  private void tell(String fingerprint, String type, ObjectNode payload) {
    CipSession earliest = null;
    for (CipSession s : sessionsOf(fingerprint)) {
      if (earliest == null || s.establishedOrder < earliest.establishedOrder) {
        earliest = s;
      }
    }
    if (earliest == null) {
      originator.originate(fingerprint, type, payload);
    } else {
      outbox.send(earliest, type, payload);
    }
  }

  /**
   * Sends an envelope this agent originates for a neighbour on the session the mesh chose, as a
   * plain CIP envelope with its trust block [MESH-ORG-001]; returns its msg_id.
   *
   * @throws IllegalStateException when the connection has no established session
   */
  public String sendOnSession(RttConnection connection, String type, ObjectNode payload) {
    return outbox.send(establishedSession(connection), type, payload.deepCopy());
  }

  private List<CipSession> sessionsOf(String fingerprint) {
    List<CipSession> out = new ArrayList<>();
    for (CipSession s : sessions.live()) {
      if (s.peerFingerprint.equals(fingerprint) && s.established()) {
        out.add(s);
      }
    }
    return out;
  }

  private byte[] bytes32() {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return b;
  }

  private void emit(String kind, String connection, Map<String, Object> attributes) {
    events.accept(new RttEvent(clock.instant(), kind, connection, attributes));
  }

  // ----------------------------------------------------------------------------- as a sender

  /**
   * Whether the CIP handshake on this connection has completed and the peer's HELLO announced the
   * mesh (spec/mesh.md §1: a neighbour, when it is also held probing or trusted).
   */
  public boolean meshSession(RttConnection connection) {
    CipSession s = sessions.get(connection);
    return s != null && s.established() && s.peerSupportsMesh;
  }

  /** Whether the agent has taken {@code connection} over: its CIP session is on it (tests). */
  boolean holdsSession(RttConnection connection) {
    return sessions.holds(connection);
  }

  /** Whether the CIP handshake on this connection has completed. */
  public boolean established(RttConnection connection) {
    CipSession s = sessions.get(connection);
    return s != null && s.established();
  }

  /** Sends an INTENT on an established session; returns its msg_id. */
  public String sendIntent(RttConnection connection, String goal, String topic) {
    ObjectNode p = NODES.objectNode();
    p.put("goal", goal);
    p.put("topic", topic);
    p.put("priority", "normal");
    return outbox.send(establishedSession(connection), "INTENT", p);
  }

  /** Proposes a fact with a one-step DMP trace; returns its msg_id (the fact's id). */
  public String proposeFact(RttConnection connection, String statement, String domain) {
    ObjectNode p = NODES.objectNode();
    ObjectNode f = p.putObject("fact");
    f.put("statement", statement);
    f.put("domain", domain);
    f.put("confidence", 0.9);
    f.putArray("sources");
    ObjectNode trace = p.putObject("dmp_trace");
    trace.put("decision_id", outbox.uuid().toString());
    trace.putArray("steps").add("observed: " + statement);
    trace.putArray("evidence");
    String msgId = outbox.send(establishedSession(connection), "FACT_PROPOSE", p);
    proposed(msgId);
    return msgId;
  }

  /**
   * How to forget a msg_id of the agent's replay memory (only the deviation CIP_FORGET_REFUSED).
   */
  public void replayForget(Consumer<String> forget) {
    this.replayForget = forget;
  }

  /** How to empty the agent's replay memory (only the deviation CIP_FORGOTTEN_ON_RESUME). */
  public void replayClear(Runnable clear) {
    this.replayClear = clear;
  }

  /** Remembers a FACT_PROPOSE this agent sent, so that its outcome is accepted (CIP-KNW-004). */
  public void proposed(String msgId) {
    consensus.proposed(msgId);
  }

  /** Confirms another agent's fact. */
  public String confirmFact(RttConnection connection, String factRef) {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", factRef);
    p.put("decision", "confirm");
    p.put("confidence", 1);
    return outbox.send(establishedSession(connection), "FACT_CONFIRM", p);
  }

  private CipSession establishedSession(RttConnection connection) {
    CipSession s = sessions.get(connection);
    if (s == null || !s.established()) {
      throw new IllegalStateException("no established CIP session on " + connection.label());
    }
    return s;
  }
}
