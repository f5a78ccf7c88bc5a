package org.web4.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The tests' one way to wait for a condition that other threads make true: poll it every 5 ms until
 * it holds, failing with what was awaited once {@code within} has passed. The bound is a hang
 * guard, never a timed assertion: give it room for a loaded 2-core CI box.
 */
public final class Await {
  private static final long POLL_MS = 5;

  private Await() {}

  /** Polls {@code condition} until it holds; an {@link AssertionError} after {@code within}. */
  public static void until(String what, Duration within, BooleanSupplier condition) {
    long deadline = System.nanoTime() + within.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(what + ": not met within " + within);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(what + ": interrupted", e);
      }
    }
  }
}
