package org.web4.conformance.scenarios;

/**
 * The pause between two polls of a bounded wait: 1 ms, then doubling up to 20 ms.
 *
 * <p>A scenario that waits for the implementation to reach a state (a trust state, an event, a
 * closed connection) usually finds it within a few milliseconds. A fixed 20–50 ms pause made the
 * kit spend about a third of a run asleep (measured with JFR, docs/performance.md); starting short
 * keeps the run bounded by work, and the cap keeps a slow implementation from being polled hard.
 * The bound of the wait itself stays with the caller.
 */
final class Backoff {
  private static final long MAX_MILLIS = 20;

  private long next = 1;

  /** Sleeps for the next pause of the sequence. */
  void pause() throws InterruptedException {
    Thread.sleep(next);
    next = Math.min(MAX_MILLIS, next * 2);
  }
}
