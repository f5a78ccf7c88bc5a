package org.web4.envelope;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * [ENV-RPL-001] "A receiver MUST remember each msg_id it has accepted for at least 600 seconds":
 * the msg_ids one receiving agent accepted, across all its connections. Time is whatever the caller
 * says (an injected clock), so tests can move hours in a step. Bounded: when {@link #capacity()}
 * unexpired ids are held, a new envelope is refused with BACKPRESSURE rather than forgetting one
 * early.
 *
 * <p>Thread-safe.
 */
public final class ReplayCache {
  /** [ENV-RPL-001] How long an accepted msg_id is remembered. */
  public static final Duration RETENTION = Duration.ofSeconds(600);

  /** Default bound: far above what 600 s of traffic at the benchmarked envelope rate needs. */
  public static final int DEFAULT_CAPACITY = 1 << 20;

  private final int capacity;
  private final LinkedHashMap<String, Instant> expiries = new LinkedHashMap<>();

  public ReplayCache() {
    this(DEFAULT_CAPACITY);
  }

  public ReplayCache(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  public int capacity() {
    return capacity;
  }

  /** The outcome of {@link #remember}. */
  public enum Outcome {
    REMEMBERED,
    REPLAY,
    FULL
  }

  /** Records an accepted msg_id at {@code now} unless it is still remembered. */
  public synchronized Outcome remember(String msgId, Instant now) {
    purge(now);
    Instant expiry = expiries.get(msgId);
    if (expiry != null) {
      return Outcome.REPLAY;
    }
    if (expiries.size() >= capacity) {
      return Outcome.FULL;
    }
    expiries.put(msgId, now.plus(RETENTION));
    return Outcome.REMEMBERED;
  }

  /**
   * Forgets a remembered msg_id. Only the deliberate deviation {@code CIP_FORGET_REFUSED} (testing
   * the kit) calls it: ENV-RPL-001 keeps every envelope that passed step 10 remembered.
   */
  public synchronized void forget(String msgId) {
    expiries.remove(msgId);
  }

  public synchronized int size() {
    return expiries.size();
  }

  public synchronized void clear() {
    expiries.clear();
  }

  private void purge(Instant now) {
    // insertion order is expiry order as long as the clock does not run backwards; if it does, an
    // entry may stay longer than needed, never shorter.
    for (Iterator<Map.Entry<String, Instant>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
      // remembered up to and including acceptance + 600 s, so that an envelope accepted at the
      // earliest
      // moment its timestamp allows is still a replay at the latest moment it allows
      if (!it.next().getValue().isBefore(now)) {
        break;
      }
      it.remove();
    }
  }
}
