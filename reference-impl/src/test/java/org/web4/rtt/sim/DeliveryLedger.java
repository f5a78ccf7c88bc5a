package org.web4.rtt.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.resume.Session;
import org.web4.rtt.session.RttConnection;

/**
 * Every message the applications sent and took, by sender stream: a stream is one session as its
 * sender sees it (the {@link Session} object survives resumes; a fresh session is a new stream).
 * Each take is checked at once: on each channel a stream's messages must be taken exactly in index
 * order, each once (a gap is a loss, an index seen again a duplicate). At the end every message is
 * accounted for: taken, or lost by the rules — its session ended (retention, a refused resume; then
 * at most the count the endpoint reported undelivered may be missing) or its sender or receiver was
 * killed. A message missing from a session that did not end is a loss.
 */
final class DeliveryLedger {
  private static final int CHANNELS = ChannelNames.STANDARD.size();

  /** One session as its sender sees it. */
  static final class Stream {
    final int ordinal;
    final SimulatedAgent sender;
    final Object incarnation;
    final Session session;
    final long[] sent = new long[CHANNELS];
    final long[] taken = new long[CHANNELS];
    private final int[][] sizes = new int[CHANNELS][16];
    @Nullable Session receiver;
    long[] deliveredWhenEnded = new long[0];
    boolean ended;
    boolean killed;
    long reportedUndelivered;
    String endReason = "";

    Stream(int ordinal, SimulatedAgent sender, Object incarnation, Session session) {
      this.ordinal = ordinal;
      this.sender = sender;
      this.incarnation = incarnation;
      this.session = session;
    }

    int size(int channel, long index) {
      return sizes[channel][(int) index];
    }

    void recordSent(int channel, int size) {
      int i = (int) sent[channel];
      if (i == sizes[channel].length) {
        sizes[channel] = Arrays.copyOf(sizes[channel], i * 2);
      }
      sizes[channel][i] = size;
      sent[channel]++;
    }

    long sentTotal() {
      return Arrays.stream(sent).sum();
    }

    long takenTotal() {
      return Arrays.stream(taken).sum();
    }
  }

  /** The end-of-run accounting. */
  record Accounting(
      long sent,
      long taken,
      long lost,
      long lostByRules,
      long lostByKill,
      long takenFromKilledQueues,
      int streams,
      int streamsEnded,
      int streamsKilled) {}

  private final Violations violations;
  private final Trace trace;
  private final IdentityHashMap<Session, Stream> streams = new IdentityHashMap<>();
  private final List<Stream> ordered = new ArrayList<>();
  private final IdentityHashMap<Session, Session> senderOf = new IdentityHashMap<>();
  private final List<Stream> watched = new ArrayList<>();
  private long takenFromKilledQueues;

  DeliveryLedger(Violations violations, Trace trace) {
    this.violations = violations;
    this.trace = trace;
  }

  /** The stream of a sender's session (created at its first message). */
  Stream stream(Session session, SimulatedAgent sender, Object incarnation) {
    return streams.computeIfAbsent(
        session,
        s -> {
          Stream st = new Stream(ordered.size(), sender, incarnation, s);
          ordered.add(st);
          return st;
        });
  }

  /**
   * The receiving application took {@code m} on {@code channel} of {@code c}; {@code peer} is the
   * connection at the other end of the link, whose session sent it.
   */
  void taken(
      String receiver,
      RttConnection c,
      @Nullable RttConnection peer,
      int channel,
      byte[] m,
      boolean killedQueue) {
    Session r = (Session) c.session().orElse(null);
    Session s = peer == null ? null : (Session) peer.session().orElse(null);
    if (r == null || s == null) {
      violations.report(
          SimulationFailure.Kind.PROTOCOL,
          receiver + " took a message on " + c.label() + " whose sending side has no session");
      return;
    }
    Session paired = senderOf.putIfAbsent(r, s);
    if (paired != null && paired != s) {
      violations.report(
          SimulationFailure.Kind.PROTOCOL,
          receiver + "'s session " + r.id() + " carries messages of two sender sessions");
      return;
    }
    Stream st = streams.get(s);
    if (st == null) {
      violations.report(
          SimulationFailure.Kind.CORRUPTED,
          receiver + " took " + Messages.describe(m) + " from a session that never sent");
      return;
    }
    st.receiver = r;
    long expected = st.taken[channel];
    if (expected < st.sent[channel]
        && Messages.matches(m, st.ordinal, channel, expected, st.size(channel, expected))) {
      st.taken[channel]++;
      trace.mix(((long) st.ordinal << 40) ^ ((long) channel << 32) ^ expected);
      if (killedQueue) {
        takenFromKilledQueues++;
      }
      return;
    }
    long found = identify(st, channel, m, expected);
    String what =
        receiver
            + " on channel "
            + channel
            + " of "
            + c.label()
            + ": expected stream "
            + st.ordinal
            + " index "
            + expected
            + " (sent "
            + st.sent[channel]
            + "), took "
            + (found < 0 ? Messages.describe(m) : "index " + found + ", " + m.length + " bytes");
    if (found > expected) {
      violations.report(SimulationFailure.Kind.LOST, what);
    } else if (found >= 0 || expected >= st.sent[channel]) {
      violations.report(SimulationFailure.Kind.DUPLICATED, what);
    } else {
      violations.report(SimulationFailure.Kind.CORRUPTED, what);
    }
  }

  /**
   * Which message of the stream {@code m} is: the index it carries, or (a message too short to
   * carry one) the nearest index around {@code expected} whose message it equals; -1 if none.
   */
  private static long identify(Stream st, int channel, byte[] m, long expected) {
    OptionalLong carried = Messages.indexOf(m, st.ordinal, channel);
    if (carried.isPresent()) {
      return carried.getAsLong();
    }
    for (long d = 1; d <= 64; d++) {
      for (long i : new long[] {expected + d, expected - d}) {
        if (i >= 0
            && i < st.sent[channel]
            && Messages.matches(m, st.ordinal, channel, i, st.size(channel, i))) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * An endpoint reported a session ended ({@code rtt.session.expired}): the one session of that
   * endpoint incarnation that is now ENDED and was not yet.
   */
  void sessionEnded(Object incarnation, long undelivered, String reason) {
    for (Stream st : ordered) {
      if (st.incarnation == incarnation && !st.ended && st.session.state() == Session.State.ENDED) {
        st.ended = true;
        st.reportedUndelivered = undelivered;
        st.endReason = reason;
        Session r = st.receiver;
        if (r != null) {
          st.deliveredWhenEnded = new long[CHANNELS];
          for (int ch = 0; ch < CHANNELS; ch++) {
            st.deliveredWhenEnded[ch] = r.delivered(ch);
          }
          watched.add(st);
        }
      }
    }
  }

  /** An agent was killed: its sessions are gone with it. */
  void killed(Object incarnation) {
    for (Stream st : ordered) {
      if (st.incarnation == incarnation && !st.ended) {
        st.killed = true;
      }
    }
  }

  /**
   * [draft §7] what a session reported undelivered is never delivered afterwards: the receiving
   * half of an ended stream delivers nothing more of it.
   */
  void checkEndedStreams() {
    watched.removeIf(
        st -> {
          Session r = st.receiver;
          if (r == null || r.state() == Session.State.ENDED) {
            return true;
          }
          for (int ch = 0; ch < CHANNELS; ch++) {
            if (r.delivered(ch) > st.deliveredWhenEnded[ch]) {
              violations.report(
                  SimulationFailure.Kind.DUPLICATED,
                  "stream "
                      + st.ordinal
                      + " ended ("
                      + st.endReason
                      + "), yet its receiver delivered more of it on channel "
                      + ch);
            }
          }
          return false;
        });
  }

  /** Sender streams, in the order they began. */
  List<Stream> streams() {
    return List.copyOf(ordered);
  }

  /** The end of the run: every message taken or lost by the rules; anything else is reported. */
  Accounting account() {
    long sent = 0;
    long taken = 0;
    long lost = 0;
    long byRules = 0;
    long byKill = 0;
    int ended = 0;
    int killed = 0;
    for (Stream st : ordered) {
      long missing = st.sentTotal() - st.takenTotal();
      sent += st.sentTotal();
      taken += st.takenTotal();
      if (st.killed) {
        killed++;
        byKill += missing;
      } else if (st.ended) {
        ended++;
        byRules += missing;
        if (missing > st.reportedUndelivered) {
          lost += missing - st.reportedUndelivered;
          violations.report(
              SimulationFailure.Kind.LOST,
              "stream "
                  + st.ordinal
                  + " of "
                  + st.sender.name()
                  + " ended ("
                  + st.endReason
                  + ") reporting "
                  + st.reportedUndelivered
                  + " undelivered, but "
                  + missing
                  + " were never taken");
        }
      } else if (missing > 0) {
        lost += missing;
        violations.report(
            SimulationFailure.Kind.LOST,
            "stream "
                + st.ordinal
                + " of "
                + st.sender.name()
                + " (session "
                + st.session.state()
                + "): sent "
                + Arrays.toString(st.sent)
                + ", taken "
                + Arrays.toString(st.taken));
      }
    }
    return new Accounting(
        sent, taken, lost, byRules, byKill, takenFromKilledQueues, ordered.size(), ended, killed);
  }
}
