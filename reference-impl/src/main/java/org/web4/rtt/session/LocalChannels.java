package org.web4.rtt.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * A connection's channels (spec/rtt.md §5) and what the application does with them: open, send,
 * receive, close. The frame rules ({@link InboundFrames}) find the channels here too.
 */
final class LocalChannels {
  private final RttConnection connection;
  private final ConcurrentHashMap<Integer, ChannelState> byId = new ConcurrentHashMap<>();

  /** The next id this side opens: even for the initiator, odd for the responder [RTT-CH-003]. */
  private int nextOwnChannelId;

  LocalChannels(RttConnection connection) {
    this.connection = connection;
    this.nextOwnChannelId = connection.isInitiator() ? 4 : 3;
    for (int id = 0; id < ChannelNames.STANDARD.size(); id++) {
      byId.put(id, channel(id, ChannelNames.STANDARD.get(id), ChannelState.Phase.OPEN));
    }
  }

  @Nullable ChannelState get(int id) {
    return byId.get(id);
  }

  boolean contains(int id) {
    return byId.containsKey(id);
  }

  Collection<ChannelState> all() {
    return byId.values();
  }

  int count() {
    return byId.size();
  }

  /** A channel the peer opened. */
  void addOpened(int id, String name) {
    byId.put(id, channel(id, name, ChannelState.Phase.OPEN));
    opened(id, name);
  }

  /** A channel restored by a resume: open without OPEN, already the session's [draft §4.2]. */
  void addRestored(int id, String name) {
    byId.put(id, channel(id, name, ChannelState.Phase.OPEN));
  }

  /** A named channel reached phase OPEN: the session keeps it from now on [draft §15.4]. */
  void opened(int id, String name) {
    connection.session().ifPresent(s -> s.channelOpened(connection, id, name));
  }

  void remove(int id) {
    byId.remove(id);
    connection.channelRemoved(id);
    connection.session().ifPresent(s -> s.channelGone(connection, id));
  }

  /** The id of the open channel called {@code name}, if any. */
  java.util.Optional<Integer> idOf(String name) {
    return byId.values().stream()
        .filter(c -> c.phase == ChannelState.Phase.OPEN && c.name.equals(name))
        .map(c -> c.id)
        .findFirst();
  }

  /** Nobody waits for an OPEN_ACK any more. */
  void connectionClosed() {
    for (ChannelState c : byId.values()) {
      c.opened.completeExceptionally(new java.io.IOException("connection closed"));
    }
  }

  /** The names of the open channels, by id. */
  List<String> names() {
    return byId.values().stream()
        .filter(c -> c.phase == ChannelState.Phase.OPEN)
        .sorted(Comparator.comparingInt(c -> c.id))
        .map(c -> c.name)
        .toList();
  }

  /** What waits for the peer's credit on every channel, now. */
  SendQueueDepth sendQueue() {
    int messages = 0;
    long bytes = 0;
    for (ChannelState c : byId.values()) {
      synchronized (c) {
        messages += c.sendQueue.size();
        for (ByteBuffer m : c.sendQueue) {
          bytes += m.remaining();
        }
      }
    }
    return new SendQueueDepth(messages, bytes);
  }

  /** Opens a channel by name and waits for the peer's OPEN_ACK; returns its id. */
  int open(String name, Duration timeout)
      throws RttTransportException, RttBackpressureException, InterruptedException {
    if (!ChannelNames.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a channel name: " + name);
    }
    connection.ready.await(); // draft §17 item 1: not before the session took the connection
    ChannelState opening;
    synchronized (connection.lifecycle) {
      connection.requireOpen();
      int limit =
          Math.min(connection.localLimits.maxChannels(), connection.peer().limits().maxChannels());
      if (byId.size() >= limit) {
        throw new RttBackpressureException("at most " + limit + " channels may be open");
      }
      for (ChannelState c : byId.values()) {
        if (c.name.equals(name)) {
          throw new IllegalArgumentException("a channel named " + name + " is open");
        }
      }
      int id = nextOwnChannelId;
      while (byId.containsKey(id)) {
        id += 2; // a channel a resume restored keeps its id [draft §4.2]
      }
      nextOwnChannelId = id + 2;
      if (id > 0xFFFF) {
        throw new RttBackpressureException("no channel ids left on this connection");
      }
      opening = channel(id, name, ChannelState.Phase.OPENING);
      byId.put(id, opening);
      connection.enqueue(FrameType.OPEN, 0, id, name.getBytes(StandardCharsets.UTF_8));
    }
    try {
      opening.opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return opening.id;
    } catch (ExecutionException e) {
      throw new RttTransportException(ErrorCode.CHANNEL, "channel " + name + " was not opened");
    } catch (TimeoutException e) {
      throw new RttTransportException(
          ErrorCode.TIMEOUT, "no OPEN_ACK for channel " + name + " within " + timeout);
    }
  }

  /**
   * Sends one message on a channel: fragments it into DATA frames as far as the peer's credit
   * allows and queues the rest until CREDIT arrives [RTT-FLOW-001].
   *
   * @throws RttBackpressureException when the channel's send queue is full and the policy refuses
   *     (or a blocking send timed out); nothing was sent
   */
  void send(int channelId, byte[] message) throws RttTransportException, RttBackpressureException {
    if (message.length > RttLimits.MAX_MESSAGE) {
      throw new IllegalArgumentException(
          "a message of " + message.length + " bytes is over " + RttLimits.MAX_MESSAGE);
    }
    // [draft §1, RTT-RES-004] a message is retained and numbered by the session from the first
    // send: on a resumable connection none goes out before the session took the connection over
    connection.ready.await();
    SessionLink session = connection.session().orElse(null);
    try {
      connection.requireOpen();
    } catch (RttTransportException notOpen) {
      // asked after the refusal, not before it: no moment between a check and the refusal
      if (session != null && sentInItsSession(session, channelId, message)) {
        return;
      }
      throw notOpen;
    }
    ChannelState ch = byId.get(channelId);
    if (ch == null || ch.phase != ChannelState.Phase.OPEN) {
      throw new IllegalArgumentException("channel " + channelId + " is not open");
    }
    if (session == null) {
      queue(ch, message, null);
      return;
    }
    // A resumable connection: the session's lock first, then the channel's — the order of a
    // resume's retransmission (Session.retransmit, then RttConnection.resend), so that a send
    // racing a resume cannot deadlock with it (found by ResumeManyCutsTest). A block policy waits
    // for room holding neither (docs/adr/1418): the peer's ACK, which on a resumable connection
    // comes before every CREDIT [RTT-RES-003], takes the session's lock, and so does the FIN of
    // every message the event loop numbers; waiting with it, the send waited its whole timeout.
    long deadline = 0;
    boolean blocking = false;
    while (true) {
      synchronized (session) {
        synchronized (ch) {
          if (!connection.admission.mustWait(ch, message.length)) {
            queue(ch, message, session); // does not wait: it fits, or the policy does not block
            return;
          }
        }
      }
      synchronized (ch) {
        if (!blocking) {
          deadline = connection.admission.beginBlocking(ch, message.length); // [RTT-BP-004]
          blocking = true;
        }
        connection.admission.awaitRoom(ch, message.length, deadline);
      }
    }
  }

  /**
   * [draft §1, RTT-RES-016; docs/adr/1418] a resumable connection that no longer takes messages:
   * its session takes the message — retained while suspended, or in the moment the connection ended
   * abruptly and has not told it yet; already resumed, the message goes on the session's newer
   * connection. Every protocol sends through here (CIP, HCP, LIP, mesh): none loses a message in
   * that moment (the soak's lost envelope, docs/reliability.md).
   *
   * <p>[RTT-RES-017] the send-queue policy applies to the session's queue on the channel (its
   * retained messages whose FIN DATA frame was not produced): {@code drop_newest} and {@code
   * drop_oldest} discard (counted and reported here, on the connection that carried the session
   * last), {@code error} and {@code block} refuse — {@code block} at once: no CREDIT can make room
   * while no connection carries the session.
   *
   * @return false when the session does not take it: the caller's send fails as on RTT 1.0
   * @throws RttBackpressureException when the policy refused it (nothing of it is ever sent)
   */
  private boolean sentInItsSession(SessionLink session, int channelId, byte[] message)
      throws RttBackpressureException {
    SendQueuePolicy policy = connection.admission.policy();
    Retention r =
        session.retainUnsent(connection, connection.endingAbruptly(), channelId, message, policy);
    ChannelState known = byId.get(channelId);
    String name = known == null ? String.valueOf(channelId) : known.name;
    for (int length : r.discardedOlder()) {
      connection.admission.dropped(name, policy, length);
    }
    switch (r.kind()) {
      case RETAINED -> {
        return true;
      }
      case DROPPED -> {
        connection.admission.dropped(name, policy, message.length);
        return true;
      }
      case REFUSED ->
          throw connection.admission.refused(
              name, policy, message.length, "of a suspended session is full");
      case NOT_TAKEN -> {
        // below: perhaps carried on by a newer connection
      }
    }
    RttConnection now = session.carrier();
    if (now == null || now == connection) {
      return false;
    }
    try {
      now.send(channelId, message);
      return true;
    } catch (RttTransportException | IllegalArgumentException e) {
      return false; // the newer connection ended too, or does not have the channel
    }
  }

  private void queue(ChannelState ch, byte[] message, @Nullable SessionLink session)
      throws RttBackpressureException {
    synchronized (ch) {
      // [RTT-BP-001 … RTT-BP-004] the connection's send-queue policy decides when the queue is full
      if (!connection.admission.admit(ch, message.length, session)) {
        return; // dropped by drop_newest or drop_oldest: nothing of it is sent
      }
      // The one copy on the way out before encryption: the caller keeps its array (docs/adr/1106).
      byte[] copy = message.clone();
      ch.sendQueue.add(ByteBuffer.wrap(copy));
      if (session != null) {
        session.accepted(ch.id, copy); // retained [draft §1]
      }
      connection.sendQueued(ch);
    }
  }

  /**
   * Takes the next message or peer refusal on a channel (queue mode: no handler was given).
   *
   * @return empty when nothing arrived within the timeout
   * @throws RttReplayException when the next item is the peer's REPLAY refusal
   * @throws RttTransportException when the connection closed and nothing is left to take
   */
  Optional<Delivery> receive(int channelId, Duration timeout)
      throws RttTransportException, RttReplayException, InterruptedException {
    ChannelState ch = byId.get(channelId);
    if (ch == null) {
      throw new IllegalArgumentException("channel " + channelId + " is not open");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Delivery d =
          ch.inbound.poll(
              Math.min(50, RttConnection.remainingMillis(deadline)), TimeUnit.MILLISECONDS);
      if (d != null) {
        if (d instanceof Delivery.Message m) {
          connection.consumed(ch, m.size());
        } else if (d instanceof Delivery.PeerError pe
            && ErrorCode.REPLAY.name().equals(pe.error().code())) {
          throw new RttReplayException(pe.error());
        }
        return Optional.of(d);
      }
      if (connection.state() == RttConnection.State.CLOSED) {
        ErrorBody reason = connection.closeReason().orElse(null);
        throw new RttTransportException(
            reason == null ? ErrorCode.INTERNAL : RttConnection.codeOf(reason.code()),
            "connection closed" + (reason == null ? "" : ": " + reason.text()));
      }
      if (RttConnection.remainingMillis(deadline) <= 0) {
        return Optional.empty();
      }
    }
  }

  /** Closes a channel this side or the peer opened (not a standard one) [RTT-CH-005]. */
  void close(int channelId) throws RttTransportException {
    if (ChannelNames.isStandard(channelId)) {
      throw new IllegalArgumentException("the standard channels cannot be closed");
    }
    connection.ready.await();
    connection.requireOpen();
    ChannelState ch = byId.get(channelId);
    if (ch == null || ch.phase != ChannelState.Phase.OPEN) {
      throw new IllegalArgumentException("channel " + channelId + " is not open");
    }
    ch.phase = ChannelState.Phase.CLOSING;
    connection.session().ifPresent(s -> s.channelGone(connection, channelId));
    connection.enqueue(FrameType.CLOSE, 0, channelId, new byte[0]);
  }

  private static ChannelState channel(int id, String name, ChannelState.Phase phase) {
    return new ChannelState(id, name, phase, RttLimits.WINDOW, RttLimits.WINDOW);
  }
}
