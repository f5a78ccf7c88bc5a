package org.web4.mesh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.cip.CipRuntime;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttConnection;

/**
 * The mesh 1.0 runtime of one agent (spec/mesh.md §4): the session gate, the relay steps and what
 * follows them (delivery into the CIP runtime with the origin as the peer, forwarding, answers to
 * the origin), the routes it learns and announces, and vouches. Envelopes arrive here after the ten
 * validation steps and the channel check. Its state is guarded by its lock; trust transitions,
 * which the trust book reports under its own lock, are handled on the mesh's own thread.
 */
public final class MeshRuntime {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** spec/mesh.md Table 4.8: the default {@code hop_limit} of an origin. */
  public static final int DEFAULT_HOP_LIMIT = 9;

  /** How many origins' {@code agent_id}s are remembered (for the receiver of answers). */
  static final int AGENT_IDS = 4096;

  /** How long the trust-reaction thread outlives its last transition. */
  static final Duration REACTIONS_IDLE = Duration.ofSeconds(1);

  /** What an origination sent: the inner msg_id, the mesh_id (null: direct) and the neighbours. */
  public record Sent(String msgId, @Nullable String meshId, List<String> to) {}

  /** An inner envelope over 655,360 bytes (Table 4.8): nothing was sent. */
  public static final class InnerTooLarge extends Exception {
    private static final long serialVersionUID = 1L;

    InnerTooLarge(int bytes) {
      super("the inner envelope has " + bytes + " bytes; at most " + RelayJudge.MAX_INNER_BYTES);
    }
  }

  private final String self;
  private final Clock clock;
  private final CipRuntime cip;
  private final TrustBook trust;
  private final EnvelopeValidator validator;
  private final MeshOutbox out;
  private final MeshIdMemory memory = new MeshIdMemory();
  private final RouteTable routes;
  private final RelayJudge judge;
  private final MeshEvents report;

  /** Deviation: forward a relay without appending itself to the route (MESH-RLY-005, -008). */
  private final boolean keepRoute;

  private final Neighbourhood neighbourhood;

  /** Origins' agent_ids from their own envelopes (spec/mesh.md §4.2). */
  private final Map<String, String> agentIds =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > AGENT_IDS;
        }
      };

  /**
   * Trust transitions, in order, on one thread that exists only while there are some: it starts
   * with the first and ends after {@link #REACTIONS_IDLE} without one (ADR 1436: a listener whose
   * trust no longer changes, such as one holding a thousand connections of known peers, keeps no
   * thread for them). One worker at most, so the order of the transitions is kept.
   */
  private final ExecutorService reactions =
      new ThreadPoolExecutor(
          /* corePoolSize= */ 0,
          /* maximumPoolSize= */ 1,
          REACTIONS_IDLE.toMillis(),
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "mesh-trust");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param validator the agent's validator: steps 1–9 at its clock (R4) and its replay memory
   */
  public MeshRuntime(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      CipRuntime cip,
      EnvelopeValidator validator,
      Set<Deviation> deviations) {
    this.keepRoute = deviations.contains(Deviation.MESH_RELAY_KEEPS_ROUTE);
    this.self = identity.publicKey().fingerprint();
    this.clock = clock;
    this.cip = cip;
    this.trust = cip.trust();
    this.validator = validator;
    this.out = new MeshOutbox(agentId, identity, clock, random);
    this.report = new MeshEvents(clock, events);
    this.routes = new RouteTable(self, fp -> trust.stateOf(fp) == TrustState.BLACKLISTED);
    this.neighbourhood = new Neighbourhood(out, routes, trust);
    this.judge =
        new RelayJudge(
            self,
            memory,
            bytes -> validator.validateBeforeReplay(bytes, clock.instant()),
            fp -> trust.stateOf(fp) == TrustState.BLACKLISTED);
    cip.attachMesh(
        (destination, type, payload) -> answer(destination, Protocol.CIP, type, payload),
        this::established,
        t -> reactions.execute(() -> trustChanged(t)));
  }

  // ----------------------------------------------------------------------------- receiving

  /** A valid mesh envelope on its channel. */
  public void receive(RttConnection c, int channel, long lastFrame, ValidatedEnvelope e) {
    String peer = c.peer().key().fingerprint();
    if (!e.sender().equals(c.peer().key())) {
      c.refuseMessage(
          channel,
          lastFrame,
          e.msgId(),
          ErrorCode.TRUST_VIOLATION,
          "the sender is not this session's peer");
      trust.apply(peer, TrustEvent.MALICIOUS); // [MESH-SES-001]
      return;
    }
    TrustState state = trust.stateOf(peer);
    if (!cip.meshSession(c) || state == TrustState.UNTRUSTED || state == TrustState.BLACKLISTED) {
      // [MESH-GATE-001] only from a neighbour: a session whose peer announced supports_mesh
      c.refuseMessage(
          channel,
          lastFrame,
          e.msgId(),
          ErrorCode.TRUST_VIOLATION,
          "mesh envelopes travel only between neighbours (spec/mesh.md §4.1)");
      return;
    }
    synchronized (this) {
      switch (e.type()) {
        case "MESH_RELAY" -> relay(c, channel, lastFrame, e);
        case "MESH_ROUTES" -> {
          routes.announce(peer, MeshJson.routes(e.payload()));
          neighbourhood.announceChanges(); // [MESH-RTE-002]
        }
        case "MESH_VOUCH" -> vouched(peer, e);
        default -> {} // MESH_UNDELIVERABLE sent directly by a neighbour: only reported
      }
    }
  }

  private void relay(RttConnection c, int channel, long lastFrame, ValidatedEnvelope e) {
    String peer = c.peer().key().fingerprint();
    RelayPayload r = RelayPayload.of(e.payload());
    RelayJudge.Verdict verdict = judge.judge(r, peer, clock.instant());
    if (verdict instanceof RelayJudge.Refused f) {
      c.refuseMessage(channel, lastFrame, e.msgId(), f.code(), f.why()); // [MESH-RLY-001, -004]
      report.dropped(peer, r, f.reason(), f.innerMsgId());
    } else if (verdict instanceof RelayJudge.Dropped d) {
      report.dropped(peer, r, d.reason(), null); // [MESH-RLY-002, -003]
    } else if (verdict instanceof RelayJudge.Accepted a) {
      accepted(peer, r, a.inner());
    }
  }

  /** Step R6: deliver, forward, or answer the origin why not (§4.3). */
  private void accepted(String peer, RelayPayload r, ValidatedEnvelope inner) {
    Forwarding plan = Forwarding.plan(r, self, routes);
    if (plan.deliver()) {
      report.delivered(peer, r, inner);
      deliver(r, inner);
    }
    RelayPayload copy = keepRoute ? r : r.forwardedBy(self);
    for (String to : plan.to()) {
      out.send(to, "MESH_RELAY", copy.toJson()); // [MESH-RLY-005, MESH-RLY-008]
      report.forwarded(to, copy, inner.msgId());
    }
    ErrorCode unforwarded = plan.unforwarded();
    if (unforwarded != null) {
      report.dropped(peer, r, unforwarded.name().toLowerCase(java.util.Locale.ROOT), inner.msgId());
      undeliverable(r, inner, unforwarded, "not forwarded"); // [MESH-RLY-006, MESH-RLY-007]
    }
  }

  /**
   * §4.4: step 10 now, then the behaviour of the inner envelope's protocol, the origin the peer.
   */
  private void deliver(RelayPayload r, ValidatedEnvelope inner) {
    try {
      validator.checkReplay(inner, clock.instant()); // §4.4 (1)
    } catch (EnvelopeException x) {
      undeliverable(r, inner, x.code(), String.valueOf(x.getMessage())); // [MESH-DEL-002]
      return;
    }
    agentIds.put(r.origin(), inner.senderAgentId());
    if (inner.protocol() == Protocol.CIP) {
      // [MESH-DEL-001] answers are originated (§4.2); a refusal becomes a MESH_UNDELIVERABLE
      cip.deliverRelayed(
          inner,
          r.route().get(r.route().size() - 1),
          (code, why) -> undeliverable(r, inner, code, why));
    } // an inner MESH_UNDELIVERABLE is only reported (mesh.relay.delivered)
  }

  /**
   * Answers the origin of a relay with a MESH_UNDELIVERABLE, unless the inner envelope is one
   * itself (errors never loop, §4.3) or the code is HOP_LIMIT or UNREACHABLE of a broadcast.
   */
  private void undeliverable(RelayPayload r, ValidatedEnvelope inner, ErrorCode code, String why) {
    boolean unforwardedBroadcast =
        r.broadcast() && (code == ErrorCode.HOP_LIMIT || code == ErrorCode.UNREACHABLE);
    if (inner.type().equals("MESH_UNDELIVERABLE") || unforwardedBroadcast) {
      return;
    }
    ObjectNode p = NODES.objectNode();
    p.put("mesh_id", r.meshId());
    p.put("msg_id", inner.msgId());
    p.put("code", code.name());
    p.put("message", why.length() > 256 ? why.substring(0, 256) : why);
    answer(r.origin(), Protocol.MESH, "MESH_UNDELIVERABLE", p);
  }

  /**
   * Originates an answer of the behaviour (an INTENT_RESPONSE, a proposal's outcome, a
   * MESH_UNDELIVERABLE): small, so never over the inner envelope's bound; without a route back it
   * is not sent (spec/mesh.md §4.2).
   */
  private void answer(String destination, Protocol protocol, String type, ObjectNode payload) {
    try {
      originate(destination, protocol, type, payload, DEFAULT_HOP_LIMIT);
    } catch (InnerTooLarge e) {
      throw new IllegalStateException("an answer of the behaviour is small", e);
    }
  }

  /** A MESH_VOUCH from a neighbour (spec/mesh.md §4.6). */
  private void vouched(String peer, ValidatedEnvelope e) {
    String subject = e.payload().path("subject").asText();
    String view = e.payload().path("view").asText();
    boolean applied =
        Vouching.isVouchEvent(
            view, trust.stateOf(peer), peer, subject, self, trust.isUnknown(subject));
    report.vouchReceived(peer, e.msgId(), subject, view, applied); // [EVT-MESH-002]
    if (applied) {
      trust.apply(subject, TrustEvent.VOUCH); // [MESH-TRU-001]
    }
  }

  // ----------------------------------------------------------------------------- originating

  /**
   * Originates an envelope (spec/mesh.md §4.2): directly to a neighbour [MESH-ORG-001], as a
   * MESH_RELAY to the route's neighbour [MESH-ORG-002], or to every neighbour for {@code *}
   * [MESH-ORG-003]; empty when there is no route and nothing was sent.
   */
  public synchronized Optional<Sent> originate(
      String destination, Protocol protocol, String type, ObjectNode payload, int hopLimit)
      throws InnerTooLarge {
    neighbourhood.refresh();
    boolean broadcast = destination.equals(RelayPayload.BROADCAST);
    Optional<RouteTable.Route> route = routes.route(destination);
    List<String> to =
        broadcast ? routes.neighbourList() : route.map(r -> List.of(r.via())).orElse(List.of());
    if (to.isEmpty()) {
      return Optional.empty(); // no route: itself, unknown, or a broadcast without neighbours
    }
    String agentId =
        broadcast ? "broadcast" : agentIds.getOrDefault(destination, route.get().agentId());
    String receiver = broadcast ? RelayJudge.BROADCAST_RECEIVER : destination;
    if (!broadcast && routes.isNeighbour(destination)) {
      // the bound on the inner envelope it would have made (harness.md §4.14), measured unsigned
      checkInnerSize(out.innerSize(protocol, type, agentId, receiver, payload));
      // [MESH-ORG-001] plain, on the earliest session, like any envelope of the session
      RttConnection session = out.session(destination).orElseThrow();
      String msgId =
          protocol == Protocol.CIP
              ? cip.sendOnSession(session, type, payload)
              : out.sendOn(session, type, payload);
      remember(type, msgId);
      return Optional.of(new Sent(msgId, null, to));
    }
    MeshOutbox.Inner in = out.inner(protocol, type, agentId, receiver, payload);
    checkInnerSize(in.size());
    String meshId = relayOnce(in, destination, hopLimit, to, type); // [MESH-ORG-002, -003]
    remember(type, in.msgId());
    return Optional.of(new Sent(in.msgId(), meshId, to));
  }

  /** Table 4.8: an inner envelope over 655,360 bytes is not originated. */
  private static void checkInnerSize(int bytes) throws InnerTooLarge {
    if (bytes > RelayJudge.MAX_INNER_BYTES) {
      throw new InnerTooLarge(bytes);
    }
  }

  /** Its own proposals' outcomes are accepted (cip.md CIP-KNW-004). */
  private void remember(String type, String msgId) {
    if (type.equals("FACT_PROPOSE")) {
      cip.proposed(msgId);
    }
  }

  /** One MESH_RELAY with a new mesh_id, remembered, to each of {@code to}; returns the mesh_id. */
  private String relayOnce(
      MeshOutbox.Inner in, String destination, int hopLimit, List<String> to, String type) {
    String meshId = out.uuid();
    memory.remember(meshId, clock.instant()); // [MESH-RLY-002] "or originated"
    RelayPayload r =
        new RelayPayload(meshId, self, destination, hopLimit, List.of(self), in.base64());
    for (String n : to) {
      out.send(n, "MESH_RELAY", r.toJson());
      report.originated(n, r, in.msgId(), type); // [EVT-MESH-003]
    }
    return meshId;
  }

  // ----------------------------------------------------------------------------- routes, trust

  /** A CIP handshake completed (routes and vouches on the new session, {@link Neighbourhood}). */
  private synchronized void established(RttConnection c) {
    if (cip.meshSession(c)) { // [MESH-GATE-002] a peer that did not announce the mesh: never
      neighbourhood.established(c);
    }
  }

  /** The RTT connection ended: its peer's routes go when it was its session (§4.5). */
  public synchronized void closed(RttConnection c) {
    neighbourhood.closed(c);
  }

  private synchronized void trustChanged(TrustBook.Transition t) {
    neighbourhood.trustChanged(t);
  }

  // ----------------------------------------------------------------------------- harness

  /** Applies {@code decay} to vouches 3,600 s old by the agent's clock [MESH-TRU-002]. */
  public void tick() {
    trust.decayDue();
  }

  /** {@code GET mesh} [HAR-MESH-001]. */
  public synchronized ObjectNode harnessView() {
    neighbourhood.refresh();
    return MeshJson.view(DEFAULT_HOP_LIMIT, routes.routes().values(), memory.size(clock.instant()));
  }

  /** Harness {@code reset}: forgets learned routes and remembered mesh_ids (harness.md §4.14). */
  public synchronized void reset() {
    memory.clear();
    routes.forgetLearned();
    agentIds.clear();
    neighbourhood.reset();
  }

  public void close() {
    reactions.shutdownNow();
  }
}
