package org.web4.rtt.resume;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * The session dialer's reconnect schedule (docs/drafts/rtt-resume.md §6, informative): attempt
 * {@code k} (0, 1, 2, …) starts after a delay drawn uniformly from {@code [0, min(15 s, 250 ms ×
 * 2^k)]} ("full jitter"), from a seeded random source so that a simulation replays it exactly. The
 * first attempt is within 250 ms; from the seventh on the bound is 15 s, so at least 7 attempts fit
 * in the 120 s retention time.
 */
public final class Reconnect {
  public static final Duration BASE = Duration.ofMillis(250);
  public static final Duration CAP = Duration.ofSeconds(15);

  private final SplittableRandom random;
  private int attempt;

  public Reconnect(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** The upper bound of attempt {@code k}'s delay: {@code min(15 s, 250 ms × 2^k)}. */
  public static Duration bound(int k) {
    if (k < 0) {
      throw new IllegalArgumentException("attempt " + k);
    }
    long millis = k >= 6 ? CAP.toMillis() : Math.min(CAP.toMillis(), BASE.toMillis() << k);
    return Duration.ofMillis(millis);
  }

  /** The delay before the next attempt, drawn uniformly from {@code [0, bound(k)]} (inclusive). */
  public Duration nextDelay() {
    Duration bound = bound(attempt++);
    return Duration.ofMillis(random.nextLong(bound.toMillis() + 1));
  }

  /** How many attempts were scheduled. */
  public int attempts() {
    return attempt;
  }

  /** The session is back (or given up): the next outage starts again at attempt 0. */
  public void reset() {
    attempt = 0;
  }
}
