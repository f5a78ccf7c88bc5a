package org.web4.soak;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What became of every INTENT the soak sent (docs/adr/1412): each is numbered by its peer and has
 * exactly one outcome — answered (an INTENT_RESPONSE naming it, {@code intent_ref}), refused by the
 * listener (a non-closing ERROR naming its msg_id), or none. An answer that names an INTENT already
 * answered, and a {@code REPLAY} refusal either way (RTT delivered an envelope twice), are
 * duplicates. An answer the soak's own CIP refused after a resume (today's CIP state does not
 * survive a resume, draft §16) is counted apart ("refused here"): RTT delivered it, CIP refused it
 * by its rules, so the INTENT it answers is not lost — it is the one unanswered INTENT that answer
 * stands for. Lost = unanswered − refused here, at the end, never below what cannot be explained.
 */
final class IntentLedger {
  /** One INTENT on its way. */
  private record Sent(int peer, long number, long sentNanos, java.time.Instant sentAt) {}

  /** Answers remembered for duplicate detection (at 80 answers/s: 10 minutes). */
  static final int RECENT_ANSWERS = 50_000;

  /** An INTENT unanswered for this long counts as overdue in a row (not yet as lost). */
  static final long OVERDUE_NANOS = TimeUnit.SECONDS.toNanos(60);

  private final Map<String, Sent> outstanding = new HashMap<>();

  /** Answers that arrived before {@link #sent} recorded their INTENT (a fast listener). */
  private final Map<String, Long> early = new HashMap<>();

  private final LinkedHashSet<String> answered = new LinkedHashSet<>();
  private final LinkedHashMap<String, Boolean> refusedIds = new LinkedHashMap<>();

  private final Recorder interval = new Recorder(1, TimeUnit.MINUTES.toMicros(5), 3);
  private final Histogram total = new Histogram(1, TimeUnit.MINUTES.toMicros(5), 3);

  /** The listener's refusals by code and text (a few distinct ones, for the summary). */
  private final Map<String, Long> refusals = new java.util.TreeMap<>();

  private long sent;
  private long delivered;
  private long duplicated;
  private long refused;
  private long refusedHere;
  private long notSent;

  /**
   * INTENT_RESPONSEs the soak's agent accepted (envelope.accepted), and those its CIP handed on.
   */
  private long answersAccepted;

  private long answersHandedOn;

  /** The totals so far and the latency of the last interval (µs). */
  record Totals(
      long sent,
      long delivered,
      long duplicated,
      long refused,
      long refusedHere,
      long notSent,
      long outstanding,
      long overdue,
      long intervalCount,
      long p50Micros,
      long p99Micros) {}

  synchronized void sent(String msgId, int peer, long number, long sentNanos) {
    sent++;
    Long answeredAt = early.remove(msgId);
    if (answeredAt != null) {
      answer(msgId, sentNanos, answeredAt);
      return;
    }
    outstanding.put(msgId, new Sent(peer, number, sentNanos, java.time.Instant.now()));
  }

  synchronized void notSent() {
    notSent++;
  }

  /** An INTENT_RESPONSE naming {@code intentRef}. */
  synchronized void answered(String intentRef, long nowNanos) {
    answersHandedOn++;
    Sent s = outstanding.remove(intentRef);
    if (s != null) {
      answer(intentRef, s.sentNanos(), nowNanos);
    } else if (answered.contains(intentRef) || refusedIds.containsKey(intentRef)) {
      duplicated++;
    } else {
      early.put(intentRef, nowNanos);
    }
  }

  private void answer(String msgId, long sentNanos, long nowNanos) {
    delivered++;
    long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nowNanos - sentNanos));
    interval.recordValue(Math.min(micros, TimeUnit.MINUTES.toMicros(5)));
    answered.add(msgId);
    if (answered.size() > RECENT_ANSWERS) {
      answered.remove(answered.iterator().next());
    }
  }

  /** A non-closing ERROR from the listener naming one of the soak's envelopes. */
  synchronized void refusedByListener(String msgId, String code, String text) {
    if (code.equals("REPLAY")) {
      duplicated++; // the listener got one of our envelopes twice
      return;
    }
    Sent s = outstanding.remove(msgId);
    if (s != null) {
      refused++;
      if (refusals.size() < 20) {
        refusals.merge(code + ": " + text, 1L, Long::sum);
      }
      refusedIds.put(msgId, Boolean.TRUE);
      if (refusedIds.size() > RECENT_ANSWERS) {
        refusedIds.remove(refusedIds.keySet().iterator().next());
      }
    }
  }

  synchronized Map<String, Long> refusals() {
    return Map.copyOf(refusals);
  }

  /** The soak's own side refused an envelope as a replay: RTT delivered it twice. */
  synchronized void replayHere() {
    duplicated++;
  }

  /** The soak's agent accepted an INTENT_RESPONSE (before its CIP saw it). */
  synchronized void answerAccepted() {
    answersAccepted++;
  }

  /**
   * Answers the soak's agent accepted that its CIP neither handed on nor refused: dropped because
   * the connection's CIP session was gone (CIP state per connection, draft §16).
   */
  synchronized long answersDroppedHere() {
    return Math.max(0, answersAccepted - answersHandedOn - refusedHere);
  }

  /** The soak's own CIP refused an INTENT_RESPONSE (after a resume, draft §16). */
  synchronized void answerRefusedHere() {
    refusedHere++;
  }

  /** A few unanswered INTENTs, for the summary: msg_id, peer, number. */
  synchronized java.util.List<String> unansweredSample(int max) {
    return outstanding.entrySet().stream()
        .limit(max)
        .map(
            e ->
                e.getKey()
                    + " (peer "
                    + e.getValue().peer()
                    + ", INTENT "
                    + e.getValue().number()
                    + ", sent "
                    + e.getValue().sentAt()
                    + ")")
        .toList();
  }

  synchronized java.util.Set<String> unansweredIds() {
    return java.util.Set.copyOf(outstanding.keySet());
  }

  synchronized long outstanding() {
    return outstanding.size();
  }

  /** The totals now; the interval's latencies go into the total and a new interval begins. */
  synchronized Totals totals(long nowNanos) {
    Histogram h = interval.getIntervalHistogram();
    total.add(h);
    long overdue =
        outstanding.values().stream().filter(s -> nowNanos - s.sentNanos() > OVERDUE_NANOS).count();
    return new Totals(
        sent,
        delivered,
        duplicated,
        refused,
        refusedHere,
        notSent,
        outstanding.size(),
        overdue,
        h.getTotalCount(),
        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50),
        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99));
  }

  /** The whole run's latency at a percentile (µs). */
  synchronized long totalMicros(double percentile) {
    return total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(percentile);
  }

  synchronized long totalMaxMicros() {
    return total.getMaxValue();
  }
}
