package org.web4.rtt.session;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.RttLimits;

/**
 * One connection's unfinished messages (DATA received, FIN not yet): how many bytes each channel
 * holds and when its message began. It answers the two rules on them: the endpoint's bound on the
 * bytes of all connections [RTT-LIM-005] (through the shared {@link UnfinishedBudget}, whose lock
 * guards the counts here) and the deadline for finishing a message [RTT-LIM-004].
 */
final class UnfinishedMessages {
  /**
   * How many bytes a channel's unfinished message holds and since when its deadline counts: its
   * first DATA frame, or the last CREDIT this side sent on the channel after it.
   */
  static final class Message {
    Instant since;
    long bytes;

    Message(Instant since) {
      this.since = since;
    }
  }

  private final UnfinishedBudget budget;

  /** The connection these messages arrive on (the one a refusal ends). */
  final RttConnection owner;

  /** Deviation.NO_BUFFER_LIMITS (testing the kit only): breaks RTT-LIM-004 and RTT-LIM-005. */
  private final boolean ignored;

  /** Guarded by the budget's lock. */
  long held;

  /** Guarded by the budget's lock. */
  final Map<Integer, Message> byChannel = new HashMap<>();

  UnfinishedMessages(UnfinishedBudget budget, RttConnection owner, boolean ignored) {
    this.budget = budget;
    this.owner = owner;
    this.ignored = ignored;
  }

  /**
   * A DATA frame's body is about to be buffered (or, with FIN, its message delivered).
   *
   * @return the connection to refuse with {@code LIMIT} because the endpoint's total went over
   *     [RTT-LIM-005] (this one or another), or null
   */
  @Nullable UnfinishedMessages onData(int channel, int bytes, boolean fin, Instant now) {
    if (ignored) {
      return null;
    }
    synchronized (budget) {
      Message m = byChannel.get(channel);
      if (fin) {
        if (m != null) {
          byChannel.remove(channel);
          budget.subtract(this, m.bytes); // the message is whole: it is no longer unfinished
        }
        return null;
      }
      if (m == null) {
        m = new Message(now);
        byChannel.put(channel, m);
      }
      m.bytes += bytes;
      return budget.add(this, bytes);
    }
  }

  /** The channel closed: its unfinished message is dropped. */
  void channelGone(int channel) {
    synchronized (budget) {
      Message m = byChannel.remove(channel);
      if (m != null) {
        budget.subtract(this, m.bytes);
      }
    }
  }

  /**
   * This side sent CREDIT on a channel: a sender that waited for it gets the whole deadline from
   * now to finish its message [RTT-LIM-004].
   */
  void creditSent(int channel, Instant now) {
    synchronized (budget) {
      Message m = byChannel.get(channel);
      if (m != null) {
        m.since = now;
      }
    }
  }

  /** The connection ends: nothing it held counts any more. */
  void release() {
    budget.release(this);
  }

  /** Bytes of unfinished messages this connection holds. */
  long held() {
    synchronized (budget) {
      return held;
    }
  }

  /**
   * A channel whose message has been unfinished for {@link RttLimits#MESSAGE_DEADLINE} since its
   * first DATA frame or this side's last CREDIT on the channel, while the peer had credit to finish
   * it [RTT-LIM-004], if there is one.
   *
   * @param windowOpen whether this side's receive window on a channel is not zero (a window of zero
   *     is this side's own delay in returning credit, never the peer's)
   */
  OptionalInt overdue(Instant now, IntPredicate windowOpen) {
    if (ignored) {
      return OptionalInt.empty();
    }
    synchronized (budget) {
      for (Map.Entry<Integer, Message> e : byChannel.entrySet()) {
        Duration age = Duration.between(e.getValue().since, now);
        if (age.compareTo(RttLimits.MESSAGE_DEADLINE) >= 0 && windowOpen.test(e.getKey())) {
          return OptionalInt.of(e.getKey());
        }
      }
      return OptionalInt.empty();
    }
  }
}
