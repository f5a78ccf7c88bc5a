package org.web4.rtt.session;

import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.Deviation;

/**
 * Admits a message into a channel's send queue under the connection's send-queue policy
 * (spec/rtt.md §9.1, docs/adr/1402), and counts what the policy did [HAR-RTT-005] and reports it as
 * events [EVT-RTT-003]. Every method runs with the channel's lock held; {@link
 * SendQueuePolicy.Kind#BLOCK} waits on that lock, which {@link OutboundFrames#drain} notifies
 * whenever it frames something.
 */
final class SendQueueAdmission {
  /** How often a blocked send looks again at a connection that may have closed. */
  private static final long WAIT_SLICE_MILLIS = 50;

  private final RttConnection connection;
  private volatile Supplier<SendQueuePolicy> policy = () -> SendQueuePolicy.DEFAULT;

  /** Deviation.DROP_OLDEST_DROPS_NEWEST (testing the kit only): breaks RTT-BP-003. */
  private final boolean dropOldestDropsNewest;

  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong blocked = new AtomicLong();

  SendQueueAdmission(RttConnection connection, java.util.Set<Deviation> deviations) {
    this.connection = connection;
    this.dropOldestDropsNewest = deviations.contains(Deviation.DROP_OLDEST_DROPS_NEWEST);
  }

  void use(Supplier<SendQueuePolicy> policy) {
    this.policy = policy;
  }

  SendQueuePolicy policy() {
    return policy.get();
  }

  SendQueueCounters counters() {
    return new SendQueueCounters(dropped.get(), refused.get(), blocked.get());
  }

  /**
   * Decides whether a message of {@code length} bytes may join {@code ch}'s queue; the caller holds
   * {@code ch}'s lock and adds the message when this returns true.
   *
   * @param session the connection's session, told of every queued message {@code drop_oldest}
   *     discards (it is then no longer retained, RTT-RES-017); null on RTT 1.0
   * @return false when the policy dropped the new message (nothing of it is sent)
   * @throws RttBackpressureException when the policy refused it (nothing of it is sent)
   */
  boolean admit(ChannelState ch, int length, @Nullable SessionLink session)
      throws RttBackpressureException {
    SendQueuePolicy p = policy.get();
    if (fits(ch, p, length)) {
      return true;
    }
    SendQueuePolicy.Kind kind = p.kind();
    if (kind == SendQueuePolicy.Kind.DROP_OLDEST && dropOldestDropsNewest) {
      kind = SendQueuePolicy.Kind.DROP_NEWEST;
    }
    switch (kind) {
      case DROP_NEWEST -> {
        // [RTT-BP-002] the new message goes, the queue stays as it is
        drop(ch, p, length);
        return false;
      }
      case DROP_OLDEST -> {
        // [RTT-BP-003] room is made by discarding, oldest first, messages of which no byte is in a
        // DATA frame; when even that cannot make room, the new message itself is discarded
        if (!dropOldestUntilFits(ch, p, length, session)) {
          drop(ch, p, length);
          return false;
        }
        return true;
      }
      case BLOCK -> {
        awaitRoom(ch, p, length, beginBlocking(ch, p, length)); // [RTT-BP-004]
        return true;
      }
      default -> throw refuse(ch, p, length, "full"); // [RTT-BP-001]
    }
  }

  /**
   * Whether a message of {@code length} bytes must wait for room under a {@code block} policy
   * [RTT-BP-004]; the caller holds {@code ch}'s lock. A send on a resumable connection asks this
   * holding its session's lock too, and waits ({@link #awaitRoom(ChannelState, int, long)}) only
   * after it let that lock go (docs/adr/1418).
   */
  boolean mustWait(ChannelState ch, int length) {
    SendQueuePolicy p = policy.get();
    return p.kind() == SendQueuePolicy.Kind.BLOCK && !fits(ch, p, length);
  }

  /**
   * A send begins to wait for room under a {@code block} policy: counted and reported once; refused
   * at once when it may not wait. The caller holds {@code ch}'s lock.
   *
   * @return the deadline of the wait ({@link System#nanoTime()})
   */
  long beginBlocking(ChannelState ch, int length) throws RttBackpressureException {
    return beginBlocking(ch, policy.get(), length);
  }

  /**
   * Waits, holding {@code ch}'s lock only, until a message of {@code length} bytes fits, or refuses
   * it at {@code deadlineNanos} or when the connection closed.
   */
  void awaitRoom(ChannelState ch, int length, long deadlineNanos) throws RttBackpressureException {
    awaitRoom(ch, policy.get(), length, deadlineNanos);
  }

  private static boolean fits(ChannelState ch, SendQueuePolicy p, long length) {
    return ch.sendQueue.size() + 1 <= p.maxMessages() && queuedBytes(ch) + length <= p.maxBytes();
  }

  private static long queuedBytes(ChannelState ch) {
    long bytes = 0;
    for (ByteBuffer m : ch.sendQueue) {
      bytes += m.remaining();
    }
    return bytes;
  }

  /**
   * A message of which a DATA frame is produced is sent whole; only untouched ones may go — on an
   * RTT 1.1 session, untouched on every connection of the session (a message a resume sends again
   * may have been begun before the cut) [RTT-BP-003, RTT-RES-017].
   */
  @SuppressWarnings("ByteBufferBackingArray") // queued as ByteBuffer.wrap(the retained array)
  private static boolean untouched(ChannelState ch, ByteBuffer m, @Nullable SessionLink session) {
    return m.position() == 0 && (session == null || !session.begunInSession(ch.id, m.array()));
  }

  private boolean dropOldestUntilFits(
      ChannelState ch, SendQueuePolicy p, int length, @Nullable SessionLink session) {
    int keptMessages = 0;
    long keptBytes = 0;
    for (ByteBuffer m : ch.sendQueue) {
      if (!untouched(ch, m, session)) {
        keptMessages++;
        keptBytes += m.remaining();
      }
    }
    if (keptMessages + 1 > p.maxMessages() || keptBytes + length > p.maxBytes()) {
      return false;
    }
    Iterator<ByteBuffer> it = ch.sendQueue.iterator();
    while (!fits(ch, p, length) && it.hasNext()) {
      ByteBuffer m = it.next();
      if (untouched(ch, m, session)) {
        it.remove();
        if (session != null) {
          // [RTT-RES-017] never sent after a resume either (queued as ByteBuffer.wrap(copy))
          @SuppressWarnings("ByteBufferBackingArray")
          byte[] retained = m.array();
          session.discarded(ch.id, retained);
        }
        drop(ch, p, m.remaining());
      }
    }
    return true;
  }

  private long beginBlocking(ChannelState ch, SendQueuePolicy p, int length)
      throws RttBackpressureException {
    boolean canEverFit = 1 <= p.maxMessages() && length <= p.maxBytes();
    // A thread of the RTT event loops must not wait: the CREDIT that makes room is handled there.
    if (!canEverFit || p.blockTimeout().isZero() || RttEventLoops.isRttThread()) {
      throw refuse(ch, p, length, "full, and this send cannot wait");
    }
    blocked.incrementAndGet();
    connection.emit(
        "rtt.send_queue.blocked",
        Map.of("channel", ch.name, "bytes", length, "policy", p.kind().label()));
    return System.nanoTime() + p.blockTimeout().toNanos();
  }

  private void awaitRoom(ChannelState ch, SendQueuePolicy p, int length, long deadline)
      throws RttBackpressureException {
    try {
      while (!fits(ch, p, length)) {
        long left = RttConnection.remainingMillis(deadline);
        if (left <= 0 || connection.state() == RttConnection.State.CLOSED) {
          throw refuse(ch, p, length, "full for " + p.blockTimeout().toMillis() + " ms");
        }
        ch.wait(Math.min(left, WAIT_SLICE_MILLIS));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw refuse(ch, p, length, "full, and the waiting send was interrupted");
    }
  }

  private void drop(ChannelState ch, SendQueuePolicy p, long length) {
    dropped(ch.name, p, length);
  }

  /**
   * A message discarded by the policy: counted and reported. A message sent while the session was
   * suspended counts on the connection that carried the session last [RTT-RES-017].
   */
  void dropped(String channel, SendQueuePolicy p, long length) {
    dropped.incrementAndGet();
    connection.emit(
        "rtt.send_queue.dropped",
        Map.of("channel", channel, "bytes", length, "policy", p.kind().label()));
  }

  private RttBackpressureException refuse(
      ChannelState ch, SendQueuePolicy p, long length, String why) {
    return refused(ch.name, p, length, "has no credit and its send queue is " + why);
  }

  /**
   * A send refused by the policy: counted and reported; returns the exception to throw. A send
   * while the session is suspended is refused so by {@code error} and {@code block} [RTT-RES-017].
   */
  RttBackpressureException refused(String channel, SendQueuePolicy p, long length, String why) {
    refused.incrementAndGet();
    connection.emit(
        "rtt.send_queue.refused",
        Map.of("channel", channel, "bytes", length, "policy", p.kind().label()));
    return new RttBackpressureException(
        "channel "
            + channel
            + " "
            + why
            + " (at most "
            + p.maxMessages()
            + " messages, "
            + p.maxBytes()
            + " bytes)");
  }
}
