package org.web4.rtt.resume;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttConnection;

/**
 * An endpoint's RTT 1.1 sessions and tombstones (docs/drafts/rtt-resume.md §4.2, §7, Table 7a): the
 * responder's decision rows R1–R6, retention on the injected clock, and the limits.
 */
public final class SessionTable {
  /** [RTT-RES-013] how long a suspended session is kept. */
  public static final Duration RETENTION = Duration.ofSeconds(120);

  /** Table 7a: how long a retired or discarded id is remembered. */
  public static final Duration TOMBSTONE_TIME = Duration.ofSeconds(600);

  /** Table 7a: tombstones kept at most (the oldest goes first beyond it). */
  public static final int MAX_TOMBSTONES = 4096;

  /** Table 7a: suspended sessions kept per endpoint. */
  public static final int MAX_SUSPENDED = 1024;

  /** [RTT-RES-015] retained per session while suspended. */
  public static final long MAX_RETAINED_BYTES = 16L * 1024 * 1024;

  public static final int MAX_RETAINED_MESSAGES = 4096;

  /** A retired (used) or discarded session id, for one pair of identities. */
  private record Tombstone(String peer, boolean used, Instant at) {}

  private final Clock clock;
  private final RttEvent.Sink events;
  private final Map<SessionId, Session> byId = new HashMap<>();
  private final LinkedHashMap<SessionId, Tombstone> tombstones = new LinkedHashMap<>();

  /** The bytes a suspended session may retain [RTT-RES-015]; smaller only for a deviation. */
  private volatile long maxRetainedBytes = MAX_RETAINED_BYTES;

  /** Deviation.RESUME_FORGETS_USED_ID (test the tester): R2 answered as R3. */
  private final boolean forgetsUsedIds;

  /** Deviation.RESUME_TRUSTS_COUNTS (test the tester): row R5 is not applied. */
  private final boolean trustsCounts;

  /** Deviation.RESUME_SURVIVES_GOAWAY (test the tester): a graceful end suspends the session. */
  private final boolean survivesGoAway;

  /** Deviation.RESUME_BY_EITHER_SIDE (test the tester): a session this side dialled resumes too. */
  private final boolean eitherSideResumes;

  /** Deviation.RESUMED_COUNTS_TRUSTED (test the tester): the dialer's RTT-RES-010 check is off. */
  private final boolean dialerTrustsCounts;

  /** Deviation.RETAINED_IGNORES_SEND_POLICY (testing the kit only): breaks RTT-RES-017. */
  private final boolean retainedIgnoresSendPolicy;

  /** Deviation.REFUSAL_RESENT_AFTER_RESUME (testing the kit only): breaks RTT-RES-018. */
  private final boolean refusalsResent;

  /** A bug planted by a test (docs/adr/1418); never set outside tests. */
  private volatile boolean endingMomentRuleRemoved;

  public SessionTable(Clock clock, RttEvent.Sink events) {
    this(clock, events, Set.of());
  }

  /**
   * @param deviations the resume deviations among them make RTT-RES-004, -010, -011, -014, -017 or
   *     -018 fail (testing the kit only, see {@link Deviation})
   */
  public SessionTable(Clock clock, RttEvent.Sink events, Set<Deviation> deviations) {
    this.clock = clock;
    this.events = events;
    this.forgetsUsedIds = deviations.contains(Deviation.RESUME_FORGETS_USED_ID);
    this.trustsCounts = deviations.contains(Deviation.RESUME_TRUSTS_COUNTS);
    this.survivesGoAway = deviations.contains(Deviation.RESUME_SURVIVES_GOAWAY);
    this.eitherSideResumes = deviations.contains(Deviation.RESUME_BY_EITHER_SIDE);
    this.dialerTrustsCounts = deviations.contains(Deviation.RESUMED_COUNTS_TRUSTED);
    this.retainedIgnoresSendPolicy = deviations.contains(Deviation.RETAINED_IGNORES_SEND_POLICY);
    this.refusalsResent = deviations.contains(Deviation.REFUSAL_RESENT_AFTER_RESUME);
  }

  /** Deviation.RESUMED_COUNTS_TRUSTED: a dialer honours any count of a RESUME (breaks -010). */
  /**
   * Deviation.RETAINED_IGNORES_SEND_POLICY: a suspended session retains every send whatever the
   * policy, and a message {@code drop_oldest} discarded stays retained (sent after a resume).
   */
  boolean retainedIgnoresSendPolicy() {
    return retainedIgnoresSendPolicy;
  }

  /** Deviation.REFUSAL_RESENT_AFTER_RESUME: a resumed session sends its last refusal again. */
  boolean refusalsResent() {
    return refusalsResent;
  }

  boolean dialerTrustsCounts() {
    return dialerTrustsCounts;
  }

  /**
   * Deviation.SMALL_RETAINED_LIMIT (test the tester only): a suspended session retaining more than
   * {@code bytes} is given up (RTT-RES-015 fails).
   */
  public void limitRetainedBytes(long bytes) {
    maxRetainedBytes = bytes;
  }

  /**
   * Tests only (docs/adr/1418): a bug planted to show that the rule matters — a send in the moment
   * a connection ended abruptly, before it told its session, is refused and lost, as before the
   * rule.
   */
  public void removeEndingMomentRule() {
    endingMomentRuleRemoved = true;
  }

  boolean endingMomentRuleRemoved() {
    return endingMomentRuleRemoved;
  }

  Instant now() {
    return clock.instant();
  }

  /**
   * A resumable connection completed its handshake: the dialer links it to the session it resumes
   * (or a new one); the responder answers the request (rows R1–R6) with RESUME as frame 1, or
   * starts a new session. Called before any frame of the connection is handled, after its PING.
   *
   * @param resuming the session a dialer resumes, or null
   */
  public void attach(
      RttConnection c,
      Resumption r,
      boolean dialer,
      @Nullable Session resuming,
      @Nullable InetSocketAddress remote) {
    boolean awaitsResume = dialer && r.request() != null && resuming != null;
    try {
      decideAndLink(c, r, dialer, resuming, remote);
    } finally {
      if (!awaitsResume) {
        c.sessionReady(); // the application may send: retained from its first message (§17)
      }
      // a dialer that resumes is ready when RESUME was handled (Session.resumeFrame)
    }
  }

  private void decideAndLink(
      RttConnection c,
      Resumption r,
      boolean dialer,
      @Nullable Session resuming,
      @Nullable InetSocketAddress remote) {
    String peer = c.peer().key().fingerprint();
    ResumeRequest request = r.request();
    if (dialer) {
      if (request != null && resuming != null) {
        resuming.awaitAnswer(c, r.keys());
      } else {
        start(c, Session.Role.DIALER, peer, remote, r.keys());
      }
      return;
    }
    if (request == null) {
      start(c, Session.Role.LISTENER, peer, null, r.keys());
      return;
    }
    RttConnection previous = null;
    ResumeAnswer.FreshCode refused;
    List<SessionId> retired = new ArrayList<>();
    Session s;
    synchronized (this) {
      s = byId.get(request.session());
      refused = decide(s, peer, request, r.h2());
      if (refused == null && s != null) {
        previous = s.resumeAsResponder(c, request, r.keys(), retired);
        byId.values().removeIf(x -> x == s); // ids newer than the named one are dropped (§4.4)
        for (SessionKeys k : s.ids()) {
          byId.put(k.id(), s);
        }
        retired.forEach(id -> tombstone(id, peer, true));
      }
    }
    if (refused != null) {
      c.sendResume(new ResumeAnswer.Fresh(refused).encode()); // [RTT-RES-006, RTT-RES-007]
      emit(c, "rtt.session.refused", Map.of("code", refused.name()));
      start(c, Session.Role.LISTENER, peer, null, r.keys());
      return;
    }
    emit(c, "rtt.session.resumed", Map.of("role", "listener"));
    if (previous != null) {
      previous.close(); // the session is carried by one connection at a time (§1)
    }
  }

  /** Rows R1–R5 of draft §4.2; null is R6 (resumed). A live session failing R4/R5 is discarded. */
  private ResumeAnswer.@Nullable FreshCode decide(
      @Nullable Session s, String peer, ResumeRequest request, byte[] h2) {
    if (s == null
        || !s.peerFingerprint().equals(peer)
        || (s.role() != Session.Role.LISTENER && !eitherSideResumes)) {
      // [RTT-RES-004] only the session dialer resumes: a session this side dialled is not
      // resumed by its responder, and its id is unknown to a request (R1, draft §15 item 3)
      Tombstone t = tombstones.get(request.session());
      if (t == null || !t.peer().equals(peer)) {
        return ResumeAnswer.FreshCode.RESUME_UNKNOWN; // R1
      }
      return t.used() && !forgetsUsedIds
          ? ResumeAnswer.FreshCode.REPLAY
          : ResumeAnswer.FreshCode.RESUME_EXPIRED; // R2, R3
    }
    RttConnection carrier = s.connection();
    if (carrier != null && endedGracefully(carrier)) {
      // [RTT-RES-014] its connection ended by GOAWAY or a closing ERROR a moment ago and the
      // session has not heard yet (Session.closed comes after the state CLOSED): over, R3
      discard(s, "goaway");
      return ResumeAnswer.FreshCode.RESUME_EXPIRED;
    }
    // [RTT-RES-010] R5: counts that break the session's arithmetic
    if (!s.binderVerifies(request, h2)
        || !(trustsCounts || s.countsConsistent(request.channels()))) {
      discard(s, "refused"); // R4, R5: a second attempt gets a definite answer (R3)
      return ResumeAnswer.FreshCode.RESUME_UNKNOWN;
    }
    return null;
  }

  /**
   * GOAWAY sent (its own or the answer), or a closing ERROR other than TIMEOUT: not abrupt (§1).
   */
  private boolean endedGracefully(RttConnection c) {
    if (survivesGoAway) {
      return false; // Deviation.RESUME_SURVIVES_GOAWAY
    }
    return c.goAwaySent() || c.closeReason().filter(e -> !e.code().equals("TIMEOUT")).isPresent();
  }

  private void start(
      RttConnection c,
      Session.Role role,
      String peer,
      @Nullable InetSocketAddress address,
      SessionKeys keys) {
    Session s = new Session(this, role, peer, address, keys);
    synchronized (this) {
      byId.put(keys.id(), s);
    }
    s.carry(c);
  }

  /** A suspended session of the dialer, for a peer. */
  public synchronized Optional<Session> suspendedDialerSession(String peerFingerprint) {
    return byId.values().stream()
        .filter(s -> s.role() == Session.Role.DIALER)
        .filter(s -> s.peerFingerprint().equals(peerFingerprint))
        .filter(s -> s.state() == Session.State.SUSPENDED)
        .findFirst();
  }

  /** Every live session (connected or suspended), each once. */
  public synchronized List<Session> sessions() {
    return byId.values().stream().distinct().toList();
  }

  /** Whether a tombstone is kept for {@code id}. */
  public synchronized boolean hasTombstone(SessionId id) {
    return tombstones.containsKey(id);
  }

  // ------------------------------------------------------------------ from the sessions

  void suspended(Session s) {
    events.accept(
        new RttEvent(
            now(),
            "rtt.session.suspended",
            s.peerFingerprint(),
            Map.of("messages", s.retainedMessages(), "bytes", s.retainedBytes())));
    synchronized (this) {
      if (s.state() != Session.State.SUSPENDED) {
        return; // resumed already (a resume may start as soon as the state says suspended)
      }
      // [RTT-RES-015] while suspended a full session is given up rather than grown (§7)
      if (s.retainedBytes() > maxRetainedBytes || s.retainedMessages() > MAX_RETAINED_MESSAGES) {
        discard(s, "limit");
        return;
      }
      List<Session> suspended =
          sessions().stream().filter(x -> x.state() == Session.State.SUSPENDED).toList();
      if (suspended.size() > MAX_SUSPENDED) {
        suspended.stream()
            .min((a, b) -> a.suspendedAt().compareTo(b.suspendedAt()))
            .ifPresent(oldest -> discard(oldest, "evicted"));
      }
    }
  }

  /** [RTT-RES-014] GOAWAY or a closing refusal ended the session. */
  void end(Session s, String reason) {
    if (survivesGoAway) {
      s.suspendAnyway(); // Deviation.RESUME_SURVIVES_GOAWAY: kept as after an abrupt end
      suspended(s);
      return;
    }
    synchronized (this) {
      discard(s, reason);
    }
  }

  void retire(SessionId id, String peer, boolean used) {
    synchronized (this) {
      byId.remove(id);
      tombstone(id, peer, used);
    }
  }

  /** Dialer, RESUME fresh: the old session is over; the connection carries a new one. */
  void refusedAtDialer(
      Session old, RttConnection c, SessionKeys keys, ResumeAnswer.FreshCode code) {
    synchronized (this) {
      discard(old, "refused");
    }
    emit(c, "rtt.session.refused", Map.of("code", code.name()));
    start(c, Session.Role.DIALER, old.peerFingerprint(), old.address(), keys);
  }

  void resumedAtDialer(Session s) {
    synchronized (this) {
      byId.values().removeIf(x -> x == s);
      byId.put(s.id(), s);
    }
    events.accept(
        new RttEvent(now(), "rtt.session.resumed", s.peerFingerprint(), Map.of("role", "dialer")));
  }

  /**
   * [RTT-RES-013] the timer: suspended sessions older than the retention time end; tombstones older
   * than 600 s go.
   */
  public synchronized void tick() {
    Instant now = now();
    for (Session s : sessions()) {
      if (s.state() == Session.State.SUSPENDED && !now.isBefore(s.suspendedAt().plus(RETENTION))) {
        discard(s, "retention");
      }
    }
    tombstones.values().removeIf(t -> !now.isBefore(t.at().plus(TOMBSTONE_TIME)));
  }

  /** Harness reset: every session ends without a tombstone (§7). */
  public synchronized void clear() {
    byId.clear();
    tombstones.clear();
  }

  // ------------------------------------------------------------------

  /** Caller holds this table's lock. */
  private void discard(Session s, String reason) {
    boolean live = byId.values().removeIf(x -> x == s);
    for (SessionKeys k : s.ids()) {
      tombstone(k.id(), s.peerFingerprint(), false); // R3
    }
    if (live) {
      int undelivered = s.end();
      events.accept(
          new RttEvent(
              now(),
              "rtt.session.expired",
              s.peerFingerprint(),
              Map.of("reason", reason, "undelivered", undelivered)));
    }
  }

  /** Caller holds this table's lock. */
  private void tombstone(SessionId id, String peer, boolean used) {
    tombstones.remove(id);
    tombstones.put(id, new Tombstone(peer, used, now()));
    while (tombstones.size() > MAX_TOMBSTONES) {
      tombstones.remove(tombstones.keySet().iterator().next());
    }
  }

  private void emit(RttConnection c, String kind, Map<String, Object> attributes) {
    Map<String, Object> withPeer = new HashMap<>(attributes);
    withPeer.put("peer", c.peer().key().fingerprint());
    events.accept(new RttEvent(now(), kind, c.label(), withPeer));
  }
}
