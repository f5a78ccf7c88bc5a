package org.web4.rtt.resume;

import java.util.ArrayDeque;

/**
 * One channel of a session, for one direction of messages each way (docs/drafts/rtt-resume.md §1):
 * what this side delivered, and what it sent and retains until acknowledged. Guarded by its
 * session's lock.
 */
final class RetainedChannel {
  final int id;

  /** The channel's name; empty until the session learns it (a named channel's OPEN). */
  String name;

  /** Messages delivered on this channel in the session: the next expected index. */
  long delivered;

  /** Messages whose FIN DATA frame this side produced, in the session (the R5 bound). */
  long finished;

  /**
   * Messages of which a DATA frame was produced in the session, on any of its connections: indexes
   * {@code 0 … begun − 1}; {@code drop_oldest} never discards one of them [RTT-RES-017].
   */
  long begun;

  /** Messages the peer acknowledged: indexes {@code 0 … acked − 1}. */
  long acked;

  /** The index of the next message whose FIN this connection will produce. */
  long nextFin;

  /** Accepted and not acknowledged, oldest (index {@code acked}) first [RTT-RES-015]. */
  final ArrayDeque<byte[]> retained = new ArrayDeque<>();

  long retainedBytes;

  RetainedChannel(int id, String name) {
    this.id = id;
    this.name = name;
  }

  void retain(byte[] message) {
    retained.add(message);
    retainedBytes += message.length;
  }

  /**
   * Forgets a retained message {@code drop_oldest} discarded, found by identity; the messages after
   * it (none begun) take its index and the ones after [RTT-RES-017].
   */
  void discard(byte[] message) {
    var it = retained.descendingIterator();
    while (it.hasNext()) {
      if (it.next() == message) {
        it.remove();
        retainedBytes -= message.length;
        return;
      }
    }
  }

  /** Whether the retained {@code message} (by identity) has an index below {@link #begun}. */
  boolean begun(byte[] message) {
    long index = acked;
    for (byte[] m : retained) {
      if (m == message) {
        return index < begun;
      }
      index++;
    }
    return false;
  }

  /** Marks messages up to {@code count} acknowledged and forgets them (§3, §4.3 step 1). */
  void acknowledgeUpTo(long count) {
    while (acked < count && !retained.isEmpty()) {
      retainedBytes -= retained.poll().length;
      acked++;
    }
  }

  /** [RTT-RES-010] a peer's count is possible: between what it acknowledged and what was sent. */
  boolean consistent(long peerDelivered) {
    return peerDelivered >= acked && peerDelivered <= finished;
  }

  ChannelCount count() {
    return new ChannelCount(id, name, delivered);
  }
}
