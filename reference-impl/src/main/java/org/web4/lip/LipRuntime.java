package org.web4.lip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.cip.AgentLoad;
import org.web4.cip.AgentLoop;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.MessageIds;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.harness.LipControl;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttTransportException;

/**
 * The LIP runtime of one agent (spec/lip.md §4): it gates every LIP envelope on the peer's identity
 * and CIP trust state (Table 4.1), fetches the sources of a LIP_FETCH over HTTP ({@link Fetcher})
 * and answers the asker, holds every evidence in the deferred-acceptance queue ({@link LipQueue}),
 * counts trusted peers' votes and conflict reports, tells askers and originators what became of
 * their items, and hands accepted items to the agent loop's memory.
 *
 * <p>A LIP_FETCH is handled synchronously on the connection's reader thread: its replies are sent
 * before anything the connection receives later is answered [LIP-RPL-003], and the fetch ends
 * within 4 s [LIP-FET-010], so a PING sent after it gets its PONG after the replies and within the
 * 5 s of RTT-HB-002. Other connections are served meanwhile. Thread-safe.
 */
public final class LipRuntime implements LipControl, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LipRuntime.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** The most corroborators a LIP_ACCEPT or LIP_REJECT carries (Table 3.4). */
  static final int MAX_CORROBORATORS = 64;

  private final String agentId;
  private final AgentKeyPair identity;
  private final Clock clock;
  private final SecureRandom random;
  private final RttEvent.Sink events;
  private final TrustBook trust;
  private final AgentLoad load;
  private final AgentLoop loop;
  private final ExecutorService pool;
  private final Fetcher fetcher;
  private final Object lock = new Object();
  private final LipQueue queue;

  /** Deviation.LIP_FETCH_BLOCKED (testing the kit only): breaks LIP-FET-002, -004, -005. */
  private final boolean fetchBlocked;

  private final Map<String, Deque<RttConnection>> connections = new HashMap<>();
  private volatile List<SourceRules.Configured> startRules = List.of();

  /**
   * @param deviations deliberate deviations from spec/lip.md, for testing the kit only (see {@link
   *     Deviation}); empty for an agent that follows the spec
   */
  public LipRuntime(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      TrustBook trust,
      AgentLoad load,
      AgentLoop loop,
      Set<Deviation> deviations) {
    this.queue = new LipQueue(deviations);
    this.fetchBlocked = deviations.contains(Deviation.LIP_FETCH_BLOCKED);
    this.agentId = agentId;
    this.identity = identity;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.trust = trust;
    this.load = load;
    this.loop = loop;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "lip-fetch-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.fetcher = new Fetcher(clock, pool);
  }

  /**
   * The rules the agent starts with and returns to on {@code reset} (reference: {@code web4 serve
   * --sources FILE}).
   */
  public void startRules(List<SourceRules.Configured> rules) {
    synchronized (lock) {
      try {
        queue.reset(rules);
      } catch (SourceRules.BadRule e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      startRules = List.copyOf(rules);
    }
  }

  /** Forgets every item and returns the rules to the start rules (the harness {@code reset}). */
  public void reset() {
    synchronized (lock) {
      try {
        queue.reset(startRules);
      } catch (SourceRules.BadRule e) {
        throw new IllegalStateException("start rules were checked when set", e);
      }
    }
  }

  // ------------------------------------------------------------------------------ connections

  /** An RTT connection completed its handshake. */
  public void connected(RttConnection c) {
    synchronized (lock) {
      connections.computeIfAbsent(fingerprint(c), k -> new ArrayDeque<>()).addLast(c);
    }
  }

  /** An RTT connection ended. */
  public void closed(RttConnection c) {
    synchronized (lock) {
      Deque<RttConnection> list = connections.get(fingerprint(c));
      if (list != null) {
        list.remove(c);
        if (list.isEmpty()) {
          connections.remove(fingerprint(c));
        }
      }
    }
  }

  private static String fingerprint(RttConnection c) {
    return c.peer().key().fingerprint();
  }

  // ------------------------------------------------------------------------------ receiving

  /** A valid LIP envelope on {@code knowledge}: gate (Table 4.1), then dispatch. */
  public void receive(RttConnection connection, int channel, long lastFrame, ValidatedEnvelope e) {
    Refusal r = new Refusal(connection, channel, lastFrame, e.msgId());
    String peer = fingerprint(connection);
    if (!e.sender().equals(connection.peer().key())) {
      trust.apply(peer, TrustEvent.MALICIOUS); // [LIP-SES-001]
      r.refuse(ErrorCode.TRUST_VIOLATION, "the sender is not this session's peer");
      return;
    }
    TrustState state = trust.stateOf(peer);
    if (state == TrustState.UNTRUSTED || state == TrustState.BLACKLISTED) {
      r.refuse(ErrorCode.TRUST_VIOLATION, "the sender is " + state.wire()); // [LIP-SES-002]
      return;
    }
    switch (e.type()) {
      case "LIP_FETCH" -> fetch(connection, r, e, peer);
      case "LIP_EVIDENCE" -> evidence(connection, e, peer);
      case "LIP_ACCEPT", "LIP_REJECT" -> vote(r, e, peer, state);
      case "LIP_CONFLICT" -> report(e, peer, state);
      default -> r.refuse(ErrorCode.UNSUPPORTED_TYPE, "not a LIP 1.0 type: " + e.type());
    }
  }

  private void fetch(RttConnection connection, Refusal r, ValidatedEnvelope e, String asker) {
    long arrival = System.nanoTime();
    if (load.overloaded()) {
      r.refuse(ErrorCode.BACKPRESSURE, "overloaded: no fetch"); // [LIP-FET-003]
      return;
    }
    Set<LipUri> distinct = new LinkedHashSet<>();
    for (JsonNode s : e.payload().path("sources")) {
      LipUri.parse(s.asText()).ifPresent(distinct::add);
    }
    List<LipUri> sources = List.copyOf(distinct);
    synchronized (lock) {
      if (sources.stream().allMatch(u -> fetchTierOf(u) == Tier.BLOCKED)) {
        r.refuse(ErrorCode.SOURCE_BLOCKED, "every source is blocked"); // [LIP-FET-004]
        return;
      }
    }
    emit("lip.fetch.started", connection, attrs(asker, e.msgId(), "sources", sources.size()));
    List<Fetcher.Outcome> outcomes = fetcher.fetch(sources, this::fetchTierOf, arrival);
    synchronized (lock) {
      boolean any = false;
      boolean allBlocked = true;
      for (Fetcher.Outcome o : outcomes) {
        FailureReason failure = o.failure();
        LipUri served = o.finalUri();
        ObjectNode document = o.payload();
        Tier tier = o.tier();
        Instant retrievedAt = o.retrievedAt();
        if (failure != null
            || served == null
            || document == null
            || tier == null
            || retrievedAt == null) {
          FailureReason reason = failure == null ? FailureReason.MALFORMED : failure;
          allBlocked &= reason.isBlocked();
          Map<String, Object> a = attrs(asker, e.msgId(), "uri", o.listed().toString());
          a.put("reason", reason.wire());
          Integer status = o.status();
          if (reason == FailureReason.HTTP_STATUS && status != null) {
            a.put("status", status);
          }
          emit("lip.source.failed", connection, a); // [EVT-LIP-001]
          continue;
        }
        any = true;
        allBlocked = false;
        Map<String, Object> a = attrs(asker, e.msgId(), "uri", served.toString());
        a.put("listed", o.listed().toString());
        a.put("tier", tier.wire());
        a.put("bytes", o.bytes());
        a.put("redirects", o.redirects());
        emit("lip.source.fetched", connection, a);
        reply(connection, e.msgId(), asker, served, tier, retrievedAt, document);
      }
      if (!any) {
        // [LIP-RPL-002]
        r.refuse(
            allBlocked ? ErrorCode.SOURCE_BLOCKED : ErrorCode.FETCH_FAILED,
            allBlocked ? "every source is blocked" : "no source gave an evidence document");
      }
    }
  }

  /** The tier a fetch judges a URI by [LIP-FET-002, LIP-FET-005]. */
  private Tier fetchTierOf(LipUri u) {
    synchronized (lock) {
      Tier tier = queue.rules().tierOf(u);
      return fetchBlocked && tier == Tier.BLOCKED ? Tier.UNKNOWN : tier;
    }
  }

  /** One LIP_EVIDENCE to the asker [LIP-RPL-001], then its item's first status. */
  private void reply(
      RttConnection connection,
      String fetchRef,
      String asker,
      LipUri served,
      Tier tier,
      Instant retrievedAt,
      ObjectNode document) {
    ObjectNode payload = NODES.objectNode();
    payload.put("fetch_ref", fetchRef);
    payload.setAll(document);
    ObjectNode source = NODES.objectNode();
    source.put("uri", served.toString());
    source.put("trust_tier", tier.wire());
    String retrieved = Timestamps.format(retrievedAt);
    source.put("retrieved_at", retrieved);
    String id = send(connection, "LIP_EVIDENCE", payload, source);
    List<String> claims = new ArrayList<>();
    document.path("claims").forEach(c -> claims.add(c.asText()));
    apply(
        queue.arrive(
            new LipQueue.Arrival(
                id,
                asker,
                null,
                served,
                retrieved,
                retrievedAt,
                claims,
                document.path("evidence").isEmpty()),
            clock.instant(),
            load.overloaded()),
        connection);
  }

  private void evidence(RttConnection connection, ValidatedEnvelope e, String originator) {
    JsonNode source = e.json().path("source");
    Optional<LipUri> uri = LipUri.parse(source.path("uri").asText());
    String retrievedText = source.path("retrieved_at").asText();
    Optional<Instant> retrieved = Timestamps.parse(retrievedText);
    if (uri.isEmpty() || retrieved.isEmpty()) {
      return; // unreachable: step 4 checked the source block
    }
    List<String> claims = new ArrayList<>();
    e.payload().path("claims").forEach(c -> claims.add(c.asText()));
    synchronized (lock) {
      apply(
          queue.arrive(
              new LipQueue.Arrival(
                  e.msgId(),
                  null,
                  originator,
                  uri.get(),
                  retrievedText,
                  retrieved.get(),
                  claims,
                  e.payload().path("evidence").isEmpty()),
              clock.instant(),
              load.overloaded()),
          connection);
    }
  }

  private void vote(Refusal r, ValidatedEnvelope e, String voter, TrustState state) {
    String ref = e.payload().path("evidence_ref").asText();
    synchronized (lock) {
      try {
        apply(
            queue.vote(
                ref,
                voter,
                e.type().equals("LIP_ACCEPT"),
                state == TrustState.TRUSTED,
                clock.instant(),
                load.overloaded()),
            null);
      } catch (LipQueue.VoteRefused ex) {
        r.refuse(ErrorCode.TRUST_VIOLATION, String.valueOf(ex.getMessage())); // [LIP-QUE-008]
      }
    }
  }

  private void report(ValidatedEnvelope e, String reporter, TrustState state) {
    Optional<LipUri> uri = LipUri.parse(e.json().path("source").path("uri").asText());
    if (uri.isEmpty()) {
      return;
    }
    List<String> conflicts = new ArrayList<>();
    e.payload().path("conflicts").forEach(c -> conflicts.add(c.asText()));
    synchronized (lock) {
      apply(
          queue.report(
              reporter,
              state == TrustState.TRUSTED,
              uri.get(),
              conflicts,
              e.payload().path("severity").asText(),
              clock.instant(),
              load.overloaded()),
          null);
    }
  }

  /**
   * The load or the clock changed: judge every pending and disputed item again and tell the outcome
   * (HAR-LIP-003, LIP-QUE-005, LIP-QUE-007).
   */
  public void rejudge() {
    synchronized (lock) {
      apply(queue.rejudge(clock.instant(), load.overloaded()), null);
    }
  }

  // ------------------------------------------------------------------------------ effects

  /** Events, memory and notifications (Table 4.7c), in the order the queue reported them. */
  private void apply(List<LipQueue.Effect> effects, @Nullable RttConnection preferred) {
    for (LipQueue.Effect effect : effects) {
      if (effect instanceof LipQueue.StatusChanged s) {
        statusChanged(s, preferred);
      } else if (effect instanceof LipQueue.ConflictOpened c) {
        conflictOpened(c, preferred);
      } else if (effect instanceof LipQueue.TierChanged t) {
        Map<String, Object> a = new HashMap<>();
        a.put("source", t.change().prefix());
        a.put("from", t.change().from().wire());
        a.put("to", t.change().to().wire());
        a.put("cause", t.change().cause());
        emit("lip.source.tier_changed", null, a); // [EVT-LIP-003]
      }
    }
  }

  private void statusChanged(LipQueue.StatusChanged s, @Nullable RttConnection preferred) {
    Acceptance.Reason reason = s.reason();
    Map<String, Object> a = attrs(s.peer(), s.item(), "item", s.item());
    a.put("status", s.status().wire());
    a.put("reason", reason == null ? "-" : reason.wire());
    emit("lip.item.status", preferred, a); // [EVT-LIP-002]
    if (!s.status().isFinal() || reason == null) {
      return; // nothing is sent for pending; disputed is told by LIP_CONFLICT
    }
    boolean accepted = s.status() == Acceptance.Status.ACCEPTED;
    if (accepted) {
      queue
          .item(s.item())
          .ifPresent(
              i ->
                  loop.submit(
                      new AgentLoop.EvidenceAccepted(
                          i.id(),
                          i.claims(),
                          i.uri().toString(),
                          s.corroborators()))); // [LIP-QUE-009]
    }
    ObjectNode p = NODES.objectNode();
    p.put("evidence_ref", s.item());
    p.put("decision", accepted ? "accept" : "reject");
    p.put("reason", reason.wire());
    ArrayNode corroborators = p.putArray("corroborators");
    s.corroborators().stream().limit(MAX_CORROBORATORS).forEach(corroborators::add);
    notify(s.peer(), preferred, accepted ? "LIP_ACCEPT" : "LIP_REJECT", p, null); // [LIP-NOT-001]
  }

  private void conflictOpened(LipQueue.ConflictOpened c, @Nullable RttConnection preferred) {
    ObjectNode p = NODES.objectNode();
    ArrayNode conflicts = p.putArray("conflicts");
    c.claims().forEach(conflicts::add);
    p.putArray("local_refs").add(c.reporter());
    p.put("severity", c.severity());
    ObjectNode source = NODES.objectNode();
    source.put("uri", c.uri());
    source.put("trust_tier", c.tier().wire());
    source.put("retrieved_at", c.retrievedAt());
    notify(c.peer(), preferred, "LIP_CONFLICT", p, source);
  }

  /** To the peer: on {@code preferred} if that is its open connection, else its most recent one. */
  private void notify(
      @Nullable String peer,
      @Nullable RttConnection preferred,
      String type,
      ObjectNode payload,
      @Nullable ObjectNode source) {
    if (peer == null) {
      return;
    }
    RttConnection target = null;
    if (preferred != null
        && preferred.state() == RttConnection.State.OPEN
        && fingerprint(preferred).equals(peer)) {
      target = preferred;
    } else {
      Deque<RttConnection> list = connections.get(peer);
      if (list != null) {
        for (RttConnection c : list) {
          if (c.state() == RttConnection.State.OPEN) {
            target = c; // the most recently established open one wins
          }
        }
      }
    }
    if (target != null) {
      send(target, type, payload, source);
    }
  }

  // ------------------------------------------------------------------------------ sending

  /** Signs and sends a LIP envelope to the connection's peer on {@code knowledge}; its msg_id. */
  private String send(
      RttConnection connection, String type, ObjectNode payload, @Nullable ObjectNode source) {
    UUID msgId = uuid();
    EnvelopeBuilder b =
        EnvelopeBuilder.of(Protocol.LIP, type)
            .msgId(msgId)
            .timestamp(clock.instant())
            .sender(agentId, identity)
            .receiver(connection.peer().agentId(), fingerprint(connection))
            .payload(payload);
    if (source != null) {
      b.block("source", source);
    }
    ObjectNode envelope = b.sign(identity);
    try {
      connection.send(
          ChannelFamilies.channelOf(Protocol.LIP, type), JsonCanonicalizer.canonicalize(envelope));
    } catch (RttTransportException | RttBackpressureException e) {
      LOG.debug("{}: {} not sent: {}", connection.label(), type, e.toString());
    }
    return msgId.toString();
  }

  /** A refusal of one envelope: a non-closing ERROR on its channel (rtt.md RTT-ERR-003). */
  private final class Refusal {
    private final RttConnection connection;
    private final int channel;
    private final long lastFrame;
    private final String msgId;

    Refusal(RttConnection connection, int channel, long lastFrame, String msgId) {
      this.connection = connection;
      this.channel = channel;
      this.lastFrame = lastFrame;
      this.msgId = msgId;
    }

    void refuse(ErrorCode code, String why) {
      connection.refuseMessage(channel, lastFrame, msgId, code, why);
      emit("lip.refused", connection, Map.of("code", code.name(), "msg_id", msgId));
    }
  }

  private static Map<String, Object> attrs(
      @Nullable String peer, String msgId, String key, Object value) {
    Map<String, Object> a = new HashMap<>();
    if (peer != null) {
      a.put("peer", peer);
    }
    a.put("msg_id", msgId);
    a.put(key, value);
    return a;
  }

  private void emit(String kind, @Nullable RttConnection connection, Map<String, Object> attrs) {
    events.accept(
        new RttEvent(clock.instant(), kind, connection == null ? "-" : connection.label(), attrs));
  }

  /** A random (version 4) UUID from the agent's random source ([ENV-MSG-001]). */
  private UUID uuid() {
    return MessageIds.v4(random);
  }

  // ------------------------------------------------------------------------------ as an asker

  /** Asks the connection's peer to fetch {@code sources}; returns the LIP_FETCH's msg_id. */
  public String sendFetch(RttConnection connection, String query, List<String> sources) {
    ObjectNode p = NODES.objectNode();
    p.put("query", query);
    ArrayNode list = p.putArray("sources");
    sources.forEach(list::add);
    return send(connection, "LIP_FETCH", p, null);
  }

  // ------------------------------------------------------------------------------ harness

  @Override
  public ObjectNode configureSources(JsonNode request) throws BadSources {
    List<SourceRules.Configured> rules = configured(request);
    synchronized (lock) {
      try {
        apply(queue.configure(rules, clock.instant(), load.overloaded()), null);
      } catch (SourceRules.BadRule e) {
        throw new BadSources(String.valueOf(e.getMessage()));
      }
      return sourcesJson();
    }
  }

  /** The rules of a {@code lip/sources} request (or a {@code --sources} file). */
  public static List<SourceRules.Configured> configured(JsonNode request) throws BadSources {
    List<SourceRules.Configured> rules = new ArrayList<>();
    for (JsonNode s : request.path("sources")) {
      Tier tier =
          Tier.ofWire(s.path("tier").asText())
              .orElseThrow(() -> new BadSources("no tier " + s.path("tier")));
      rules.add(new SourceRules.Configured(s.path("prefix").asText(), tier));
    }
    try {
      SourceRules.check(rules);
    } catch (SourceRules.BadRule e) {
      throw new BadSources(String.valueOf(e.getMessage()));
    }
    return rules;
  }

  /** Every item held, in order of arrival (a snapshot). */
  public List<LipQueue.Item> items() {
    synchronized (lock) {
      return queue.items();
    }
  }

  @Override
  public ObjectNode sources() {
    synchronized (lock) {
      return sourcesJson();
    }
  }

  private ObjectNode sourcesJson() {
    ObjectNode out = NODES.objectNode();
    ArrayNode list = out.putArray("sources");
    for (SourceRules.Rule rule : queue.rules().rules()) {
      ObjectNode o = list.addObject();
      o.put("prefix", rule.prefix());
      o.put("tier", rule.tier().wire());
      o.put("origin", rule.origin().wire());
      o.put("corroborated_run", rule.corroboratedRun());
      o.put("refuted_run", rule.refutedRun());
    }
    return out;
  }

  @Override
  public ObjectNode queue() {
    synchronized (lock) {
      ObjectNode out = NODES.objectNode();
      ArrayNode list = out.putArray("items");
      for (LipQueue.Item i : queue.items()) {
        ObjectNode o = list.addObject();
        o.put("id", i.id());
        putNullable(o, "asker", i.asker());
        putNullable(o, "originator", i.originator());
        ObjectNode source = o.putObject("source");
        source.put("uri", i.uri().toString());
        source.put("tier", queue.rules().tierOf(i.uri()).wire());
        source.put("retrieved_at", i.retrievedAt());
        o.put("arrived_at", Timestamps.format(i.arrivedAt()));
        ArrayNode claims = o.putArray("claims");
        i.claims().forEach(claims::add);
        o.put("status", i.status().wire());
        putNullable(o, "reason", i.reason().map(Acceptance.Reason::wire));
        ArrayNode by = o.putArray("corroborators");
        i.corroborators().forEach(by::add);
        ArrayNode rejected = o.putArray("rejected_by");
        i.rejectedBy().forEach(rejected::add);
        ArrayNode conflicts = o.putArray("conflicts");
        for (LipQueue.Conflict c : i.conflicts()) {
          ObjectNode co = conflicts.addObject();
          co.put("with", c.with());
          ArrayNode cc = co.putArray("claims");
          c.claims().forEach(cc::add);
          co.put("open", c.open());
        }
        o.put("in_memory", i.inMemory());
      }
      return out;
    }
  }

  private static void putNullable(ObjectNode o, String name, Optional<String> value) {
    if (value.isPresent()) {
      o.put(name, value.get());
    } else {
      o.putNull(name);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
