package org.web4.rtt.session;

/**
 * What a session did with a message sent while no connection carries it (spec/rtt.md §12,
 * RTT-RES-017): the send-queue policy applies to the suspended session's queue as it does to a
 * connection's (§9.1).
 *
 * @param kind what became of the message
 * @param discardedOlder how many older queued messages {@code drop_oldest} discarded to make room
 */
public record Retention(Kind kind, int discardedOlder) {
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

  public static final Retention NOT_TAKEN = new Retention(Kind.NOT_TAKEN, 0);
  public static final Retention DROPPED = new Retention(Kind.DROPPED, 0);
  public static final Retention REFUSED = new Retention(Kind.REFUSED, 0);

  public static Retention retained(int discardedOlder) {
    return new Retention(Kind.RETAINED, discardedOlder);
  }
}
