package org.web4.rtt.resume;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.session.Retention;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.SendQueuePolicy;
import org.web4.rtt.session.SessionLink;

/**
 * One RTT 1.1 session (docs/drafts/rtt-resume.md §1): carried by one connection at a time, kept
 * suspended after an abrupt end, resumed by its dialer. It counts what was delivered, retains what
 * was sent until acknowledged, and retransmits after a resume.
 */
public final class Session implements SessionLink {
  /** Which side of the session's first connection this endpoint was. */
  public enum Role {
    DIALER,
    LISTENER
  }

  /** Where the session is. */
  public enum State {
    CONNECTED,
    SUSPENDED,
    ENDED
  }

  private final SessionTable table;
  private final Role role;
  private final String peerFingerprint;
  private final @Nullable InetSocketAddress address;

  /** The ids a resume may name, oldest first; the last is the current one [RTT-RES-011]. */
  private final List<SessionKeys> ids = new ArrayList<>();

  private final Map<Integer, RetainedChannel> channels = new TreeMap<>();

  /** The FIN frames of the current connection not yet acknowledged: (sequence, channel). */
  private final ArrayDeque<long[]> fins = new ArrayDeque<>();

  private @Nullable RttConnection connection;

  /**
   * The connection that carried the session last, after it ended: a FIN frame it still numbers may
   * have reached the peer, so it counts toward the R5 / RTT-RES-010 bound.
   */
  private @Nullable RttConnection lastCarrier;

  private State state = State.CONNECTED;
  private Instant suspendedAt = Instant.MIN;

  /** Dialer: the request sent on the current connection, until RESUME answers it. */
  private @Nullable ResumeRequest pendingRequest;

  /** Dialer: the keys of the connection that carries the request. */
  private @Nullable SessionKeys pendingKeys;

  /** Responder: resumed, the older ids are retired when the dialer's ACK of frame 1 arrives. */
  private boolean commitPending;

  private CompletableFuture<ResumeAnswer> answer = new CompletableFuture<>();

  /** Deviation.REFUSAL_RESENT_AFTER_RESUME: the last non-closing ERROR sent (channel, body). */
  private int refusalChannel;

  private byte @Nullable [] refusal;

  Session(
      SessionTable table,
      Role role,
      String peerFingerprint,
      @Nullable InetSocketAddress address,
      SessionKeys keys) {
    this.table = table;
    this.role = role;
    this.peerFingerprint = peerFingerprint;
    this.address = address;
    this.ids.add(keys);
    for (int i = 0; i < ChannelNames.STANDARD.size(); i++) {
      channels.put(i, new RetainedChannel(i, ChannelNames.STANDARD.get(i)));
    }
  }

  public Role role() {
    return role;
  }

  public String peerFingerprint() {
    return peerFingerprint;
  }

  public synchronized State state() {
    return state;
  }

  /** The current session id. */
  public synchronized SessionId id() {
    return ids.get(ids.size() - 1).id();
  }

  /** The address the dialer dials again. */
  public @Nullable InetSocketAddress address() {
    return address;
  }

  /** Messages retained (sent or queued, not acknowledged) on all channels [RTT-RES-015]. */
  public synchronized int retainedMessages() {
    return channels.values().stream().mapToInt(c -> c.retained.size()).sum();
  }

  public synchronized long retainedBytes() {
    return channels.values().stream().mapToLong(c -> c.retainedBytes).sum();
  }

  /** Delivered messages on a channel, in the session. */
  public synchronized long delivered(int channel) {
    RetainedChannel c = channels.get(channel);
    return c == null ? 0 : c.delivered;
  }

  /** The RESUME answer to this session's pending request (dialer). */
  synchronized CompletableFuture<ResumeAnswer> answer() {
    return answer;
  }

  /** When the last abrupt end suspended the session (the injected clock), for the reconnect. */
  public synchronized Instant suspendedAt() {
    return suspendedAt;
  }

  synchronized List<SessionKeys> ids() {
    return List.copyOf(ids);
  }

  /** Tests only: presents other ids at the next resume (a replay of a retired id). */
  synchronized void replaceIds(List<SessionKeys> replacement) {
    ids.clear();
    ids.addAll(replacement);
  }

  synchronized @Nullable RttConnection connection() {
    return connection;
  }

  // ------------------------------------------------------------------ carried by a connection

  /** The session's first connection (or the one a fresh answer turned into it). */
  synchronized void carry(RttConnection c) {
    connection = c;
    state = State.CONNECTED;
    c.link(this);
  }

  /** [RTT-RES-004] the dialer's request: its current id, a binder over h2, its counts. */
  synchronized ResumeRequest request(byte[] h2) {
    List<ChannelCount> counts = new ArrayList<>();
    // the standard channels and every named channel in phase OPEN (§4.1, §15.4), by id
    channels.values().stream()
        .filter(c -> ChannelNames.isStandard(c.id) || !c.name.isEmpty())
        .forEach(c -> counts.add(c.count()));
    ResumeRequest r = ResumeRequest.create(ids.get(ids.size() - 1), h2, counts);
    pendingRequest = r;
    lastCarrier = null; // the counts are read: the old connection delivers nothing more
    return r;
  }

  /** Dialer: the connection that carries the request waits for RESUME. */
  synchronized void awaitAnswer(RttConnection c, SessionKeys keys) {
    connection = c;
    pendingKeys = keys;
    answer = new CompletableFuture<>();
    fins.clear();
    c.link(this);
  }

  /** Responder, row R4: the binder of the id the request names. */
  synchronized boolean binderVerifies(ResumeRequest r, byte[] h2) {
    for (SessionKeys k : ids) {
      if (k.id().equals(r.session())) {
        return k.verifies(h2, r.binder().bytes());
      }
    }
    return false;
  }

  /** Responder, row R5: every count possible [RTT-RES-010]. */
  synchronized boolean countsConsistent(List<ChannelCount> counts) {
    for (ChannelCount c : counts) {
      RetainedChannel ch = channels.get(c.id());
      if (ch != null && ch.name.equals(c.name()) && !ch.consistent(c.delivered())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Responder, row R6: the session moves to connection {@code c} (a connection the responder still
   * holds for it is closed without GOAWAY); ids older than the named one are retired, newer ones
   * dropped, the new keys join [RTT-RES-011]; RESUME is frame 1; then retransmission [RTT-RES-008].
   *
   * @return the connection that carried the session before, to be closed by the caller
   */
  synchronized @Nullable RttConnection resumeAsResponder(
      RttConnection c, ResumeRequest r, SessionKeys newKeys, List<SessionId> retired) {
    RttConnection previous = connection;
    int named = 0;
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i).id().equals(r.session())) {
        named = i;
      }
    }
    for (int i = 0; i < named; i++) {
      retired.add(ids.get(i).id());
    }
    lastCarrier = null; // the counts are read (R5): the old connection delivers nothing more
    SessionKeys kept = ids.get(named);
    ids.clear();
    ids.add(kept);
    ids.add(newKeys);
    commitPending = true;
    connection = c;
    state = State.CONNECTED;
    fins.clear();
    c.link(this);
    List<ChannelCount> restored = restore(c, r.channels());
    c.sendResume(new ResumeAnswer.Resumed(restored).encode()); // [RTT-RES-006] frame 1
    retransmit(c, r.channels());
    byte[] lost = refusal;
    if (lost != null) {
      c.resendRefusal(refusalChannel, lost); // Deviation.REFUSAL_RESENT_AFTER_RESUME only
      refusal = null;
    }
    return previous == c ? null : previous;
  }

  /** The channels listed by the peer and open here under the same id and name [draft §4.2]. */
  private List<ChannelCount> restore(RttConnection c, List<ChannelCount> peer) {
    List<ChannelCount> restored = new ArrayList<>();
    for (ChannelCount p : peer) {
      RetainedChannel ch = channels.get(p.id());
      if (ch != null && ch.name.equals(p.name())) {
        c.restoreChannel(ch.id, ch.name);
        restored.add(ch.count());
      }
    }
    // [draft §4.2] every other channel is closed on both sides: its retained messages are lost
    channels.values().removeIf(ch -> !ChannelNames.isStandard(ch.id) && !listed(peer, ch));
    return restored;
  }

  private static boolean listed(List<ChannelCount> counts, RetainedChannel ch) {
    return counts.stream().anyMatch(c -> c.id() == ch.id && c.name().equals(ch.name));
  }

  /**
   * [RTT-RES-008] §4.3: forget what the peer delivered, then send the rest whole, in index order,
   * before anything accepted later (the caller still holds this session's lock).
   */
  private void retransmit(RttConnection c, List<ChannelCount> peerDelivered) {
    for (ChannelCount p : peerDelivered) {
      RetainedChannel ch = channels.get(p.id());
      if (ch == null) {
        continue;
      }
      ch.acknowledgeUpTo(p.delivered());
      ch.nextFin = ch.acked;
      for (byte[] message : ch.retained) {
        c.resend(ch.id, message);
      }
    }
  }

  // ------------------------------------------------------------------ SessionLink

  @Override
  public synchronized @Nullable RttConnection carrier() {
    return connection;
  }

  /**
   * A message the application sent on a connection of this session that no longer takes messages
   * (docs/adr/1418): retained, and sent after a resume like any retained message [RTT-RES-008,
   * RTT-RES-016] — while the session is suspended, and in the moment {@code from}, which still
   * carries it, has ended abruptly but not yet told it. Refused in that moment, an answer to a
   * message the peer had already seen acknowledged would never come (web4 soak, ADR 1412). The
   * send-queue policy decides as {@link SuspendedAdmission} says [RTT-RES-017].
   */
  @Override
  public synchronized Retention retainUnsent(
      RttConnection from,
      boolean endingAbruptly,
      int channel,
      byte[] message,
      SendQueuePolicy policy) {
    RetainedChannel ch = channels.get(channel);
    boolean endedUntold =
        state == State.CONNECTED
            && connection == from
            && endingAbruptly
            && !table.endingMomentRuleRemoved();
    if ((state != State.SUSPENDED && !endedUntold) || ch == null) {
      return Retention.NOT_TAKEN;
    }
    if (table.retainedIgnoresSendPolicy()) {
      ch.retain(message.clone()); // Deviation.RETAINED_IGNORES_SEND_POLICY: breaks RTT-RES-017
      return Retention.retained(List.of());
    }
    return SuspendedAdmission.admit(ch, policy, message.clone());
  }

  @Override
  public synchronized void refusalSent(int channel, byte[] body) {
    if (table.refusalsResent()) {
      refusalChannel = channel; // [RTT-RES-018] kept only by the deviation
      refusal = body;
    }
  }

  @Override
  public synchronized void discarded(int channel, byte[] message) {
    RetainedChannel ch = channels.get(channel);
    if (ch != null && !table.retainedIgnoresSendPolicy()) {
      ch.discard(message); // [RTT-RES-017] it takes no index and is never sent again
    }
  }

  @Override
  public synchronized boolean begunInSession(int channel, byte[] message) {
    RetainedChannel ch = channels.get(channel);
    return ch != null && ch.begun(message);
  }

  @Override
  public synchronized void dataBegun(RttConnection c, int channel) {
    RetainedChannel ch = channels.get(channel);
    if (ch != null && carries(c)) {
      ch.begun = Math.max(ch.begun, ch.nextFin + 1); // [RTT-RES-017] drop_oldest spares it
    }
  }

  @Override
  public synchronized void accepted(int channel, byte[] message) {
    channels.computeIfAbsent(channel, id -> new RetainedChannel(id, "")).retain(message);
  }

  @Override
  public synchronized void channelOpened(RttConnection c, int channel, String name) {
    RetainedChannel ch = channels.get(channel);
    if (!carries(c)) {
      return;
    }
    if (ch != null && ch.name.isEmpty()) {
      ch.name = name; // counted before the session learnt its name
    } else if (ch == null || !ch.name.equals(name)) {
      channels.put(channel, new RetainedChannel(channel, name)); // a new channel on this id
    }
  }

  @Override
  public synchronized void channelGone(RttConnection c, int channel) {
    if (carries(c) && !ChannelNames.isStandard(channel)) {
      channels.remove(channel); // §4.1: a resume lists only channels in phase OPEN
    }
  }

  @Override
  public synchronized void finSent(RttConnection c, int channel, long seq) {
    RetainedChannel ch = channels.get(channel);
    if (ch == null || !carries(c)) {
      return;
    }
    ch.nextFin++;
    ch.finished = Math.max(ch.finished, ch.nextFin);
    ch.begun = Math.max(ch.begun, ch.nextFin);
    fins.add(new long[] {seq, channel});
  }

  @Override
  public synchronized boolean delivered(RttConnection c, int channel, Runnable handOver) {
    if (!carries(c)) {
      return false;
    }
    channels.computeIfAbsent(channel, id -> new RetainedChannel(id, "")).delivered++;
    handOver.run();
    return true;
  }

  /**
   * Whether {@code c} carries the session: the current connection, or the last one after it ended
   * until a resume reads the counts (a frame it still processes then counts, draft §14 item 6).
   */
  private boolean carries(RttConnection c) {
    return c == connection || (connection == null && c == lastCarrier);
  }

  @Override
  public void acknowledged(RttConnection c, long count) {
    List<SessionId> retired = new ArrayList<>();
    synchronized (this) {
      if (c != connection) {
        return;
      }
      while (!fins.isEmpty() && fins.peek()[0] < count) {
        long[] fin = fins.poll();
        RetainedChannel ch = channels.get((int) fin[1]);
        if (ch != null) {
          ch.acknowledgeUpTo(ch.acked + 1);
        }
      }
      if (commitPending && count >= 2) {
        // [RTT-RES-011] step 3: the dialer saw RESUME; the id it named is used
        commitPending = false;
        while (ids.size() > 1) {
          retired.add(ids.remove(0).id());
        }
      }
    }
    retired.forEach(id -> table.retire(id, peerFingerprint, /* used= */ true));
  }

  @Override
  public synchronized boolean expectsResume() {
    return pendingRequest != null;
  }

  @Override
  public void resumeFrame(RttConnection c, ByteBuffer plaintext) {
    try {
      answerArrived(c, plaintext);
    } finally {
      c.sessionReady(); // the retransmission is queued: the application's sends go after it
    }
  }

  private void answerArrived(RttConnection c, ByteBuffer plaintext) {
    ResumeAnswer a;
    try {
      a = ResumeFrame.decode(plaintext);
    } catch (ResumeFormatException e) {
      c.refuse(ErrorCode.FRAME, String.valueOf(e.getMessage())); // [RTT-RES-006]
      return;
    }
    CompletableFuture<ResumeAnswer> waiting;
    if (a instanceof ResumeAnswer.Fresh fresh) {
      SessionKeys keys;
      synchronized (this) {
        keys = pendingKeys;
        if (c != connection || keys == null) {
          return;
        }
        waiting = answer;
        pendingRequest = null;
        pendingKeys = null;
        connection = null; // [RTT-RES-007] the connection is a new session's now
      }
      table.refusedAtDialer(this, c, keys, fresh.code());
      waiting.complete(a);
      return;
    }
    ResumeAnswer.Resumed resumed = (ResumeAnswer.Resumed) a;
    synchronized (this) {
      ResumeRequest sent = pendingRequest;
      SessionKeys keys = pendingKeys;
      if (c != connection || sent == null || keys == null) {
        return;
      }
      waiting = answer;
      for (ChannelCount p : resumed.channels()) {
        RetainedChannel ch = channels.get(p.id());
        if (!listed(sent.channels(), p)
            || ch == null
            || !(table.dialerTrustsCounts() || ch.consistent(p.delivered()))) {
          // [RTT-RES-010] honouring it would lose or duplicate messages
          c.refuse(
              ErrorCode.FRAME,
              "RESUME count for channel "
                  + p.id()
                  + " is impossible: delivered "
                  + p.delivered()
                  + (ch == null ? "" : ", acknowledged " + ch.acked + ", sent " + ch.finished));
          return;
        }
      }
      pendingRequest = null;
      pendingKeys = null;
      state = State.CONNECTED; // else the retention timer ends this live session (found by sim)
      ids.clear();
      ids.add(keys); // [draft §4.4] step 2: the new id at once
      c.acknowledge(); // ACK 2, before anything but the PONG of frame 0 [RTT-RES-011]
      restore(c, resumed.channels());
      retransmit(c, resumed.channels());
    }
    table.resumedAtDialer(this);
    waiting.complete(a);
  }

  private static boolean listed(List<ChannelCount> counts, ChannelCount p) {
    return counts.stream().anyMatch(c -> c.id() == p.id() && c.name().equals(p.name()));
  }

  @Override
  public void closed(RttConnection c, boolean abrupt) {
    CompletableFuture<ResumeAnswer> waiting;
    synchronized (this) {
      if (c != connection) {
        return;
      }
      // The future of the request this connection carried, read under the lock: once the state
      // below is SUSPENDED a resume may start at once and put a new future in place, which this
      // close must not fail (it did: "no RESUME", draft §17 item 2).
      waiting = answer;
      connection = null;
      lastCarrier = c;
      if (pendingRequest != null) {
        pendingRequest = null; // the resume did not complete: the old ids stay [§4.4]
        pendingKeys = null;
      }
      if (abrupt) {
        state = State.SUSPENDED;
        suspendedAt = table.now();
      }
    }
    waiting.completeExceptionally(new IllegalStateException("the connection closed"));
    if (abrupt) {
      table.suspended(this);
    } else {
      table.end(this, "goaway"); // [RTT-RES-014]
    }
  }

  /** Deviation.RESUME_SURVIVES_GOAWAY (testing the kit only): suspended after a graceful end. */
  synchronized void suspendAnyway() {
    state = State.SUSPENDED;
    suspendedAt = table.now();
  }

  /** The session is over (§7): nothing it retained is sent again. */
  synchronized int end() {
    state = State.ENDED;
    connection = null;
    int undelivered = channels.values().stream().mapToInt(c -> c.retained.size()).sum();
    channels.values().forEach(c -> c.acknowledgeUpTo(Long.MAX_VALUE));
    return undelivered;
  }
}
