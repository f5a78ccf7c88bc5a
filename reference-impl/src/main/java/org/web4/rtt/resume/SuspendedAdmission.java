package org.web4.rtt.resume;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.web4.rtt.session.Retention;
import org.web4.rtt.session.SendQueuePolicy;

/**
 * The send-queue policy (spec/rtt.md §9.1) applied to a channel of a session no connection carries
 * (rtt.md §12, RTT-RES-017; docs/adr/1425). The channel's queue is then its retained messages whose
 * FIN DATA frame was produced on none of the session's connections, with all their bytes (a resume
 * sends each whole). {@code error} refuses a message that does not fit; {@code block} too, at once,
 * since no CREDIT can make room while the session is suspended; {@code drop_newest} discards it;
 * {@code drop_oldest} discards the oldest queued messages of which no DATA frame was produced —
 * never one the peer may hold in part or have delivered, whose index it has counted — or, when that
 * cannot make room, the new one. Guarded by the session's lock.
 */
final class SuspendedAdmission {
  private SuspendedAdmission() {}

  static Retention admit(RetainedChannel ch, SendQueuePolicy p, byte[] message) {
    if (fits(ch, p, message.length)) {
      ch.retain(message);
      return Retention.retained(List.of());
    }
    switch (p.kind()) {
      case DROP_NEWEST -> {
        return Retention.DROPPED;
      }
      case DROP_OLDEST -> {
        return dropOldest(ch, p, message);
      }
      default -> {
        return Retention.REFUSED; // error, and block: it cannot wait for a CREDIT
      }
    }
  }

  private static boolean fits(RetainedChannel ch, SendQueuePolicy p, long length) {
    long index = ch.acked;
    int messages = 0;
    long bytes = 0;
    for (byte[] m : ch.retained) {
      if (index++ >= ch.finished) {
        messages++;
        bytes += m.length;
      }
    }
    return messages + 1 <= p.maxMessages() && bytes + length <= p.maxBytes();
  }

  private static Retention dropOldest(RetainedChannel ch, SendQueuePolicy p, byte[] message) {
    long untouchedFrom = Math.max(ch.begun, ch.finished);
    long index = ch.acked;
    int keptMessages = 0;
    long keptBytes = 0;
    for (byte[] m : ch.retained) {
      long i = index++;
      if (i >= ch.finished && i < untouchedFrom) {
        keptMessages++; // begun: its peer may hold part of it
        keptBytes += m.length;
      }
    }
    if (keptMessages + 1 > p.maxMessages() || keptBytes + message.length > p.maxBytes()) {
      return Retention.DROPPED;
    }
    List<Integer> discarded = new ArrayList<>();
    index = ch.acked;
    Iterator<byte[]> it = ch.retained.iterator();
    while (!fits(ch, p, message.length) && it.hasNext()) {
      byte[] m = it.next();
      if (index >= untouchedFrom) {
        it.remove(); // the ones after it take its index: none of them was begun either
        ch.retainedBytes -= m.length;
        discarded.add(m.length);
      } else {
        index++;
      }
    }
    ch.retain(message);
    return Retention.retained(discarded);
  }
}
