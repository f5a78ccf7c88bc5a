package org.web4.rtt.session;

import java.util.List;

/**
 * What a session did with a message sent while no connection carries it (spec/rtt.md §12,
 * RTT-RES-017): the send-queue policy applies to the suspended session's queue as it does to a
 * connection's (§9.1).
 *
 * @param kind what became of the message
 * @param discardedOlder the lengths of the older queued messages {@code drop_oldest} discarded to
 *     make room, oldest first
 */
public record Retention(Kind kind, List<Integer> discardedOlder) {
  /** What became of the message. */
  public enum Kind {
    /** The session did not take it (it carries on elsewhere, or it ends). */
    NOT_TAKEN,
    /** Retained: sent after a resume like every retained message [RTT-RES-008]. */
    RETAINED,
    /** Discarded by {@code drop_newest} or {@code drop_oldest}: no byte of it is ever sent. */
    DROPPED,
    /** Refused by {@code error} or {@code block}: RttBackpressureException, nothing sent. */
    REFUSED
  }

  public static final Retention NOT_TAKEN = new Retention(Kind.NOT_TAKEN, List.of());
  public static final Retention DROPPED = new Retention(Kind.DROPPED, List.of());
  public static final Retention REFUSED = new Retention(Kind.REFUSED, List.of());

  public Retention {
    discardedOlder = List.copyOf(discardedOlder);
  }

  public static Retention retained(List<Integer> discardedOlder) {
    return new Retention(Kind.RETAINED, discardedOlder);
  }
}
