package org.web4.conformance.scenarios;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bounded wait for a positive condition (a trust state, an event, a queue item, a closed
 * connection): asks again with {@link Backoff} pauses until the answer comes, and fails with the
 * caller's message when {@code bound} has passed. Absence is never waited for this way: a step that
 * expects nothing waits on a barrier (docs/writing-scenarios.md, "Absence").
 */
final class Poll {
  /** One look at the implementation: the value once the condition holds, empty until then. */
  @FunctionalInterface
  interface Probe<T> {
    Optional<T> look() throws Exception;
  }

  /** One look at the implementation: whether the condition holds. */
  @FunctionalInterface
  interface Condition {
    boolean holds() throws Exception;
  }

  private Poll() {}

  /** The probe's value once it has one; {@code timeout}'s failure after {@code bound}. */
  static <T> T until(Duration bound, Probe<T> probe, Supplier<AssertionError> timeout)
      throws Exception {
    long deadline = System.nanoTime() + bound.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      Optional<T> value = probe.look();
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() - deadline > 0) {
        throw timeout.get();
      }
      backoff.pause();
    }
  }

  /** Returns once the condition holds; {@code timeout}'s failure after {@code bound}. */
  static void untilHolds(Duration bound, Condition condition, Supplier<AssertionError> timeout)
      throws Exception {
    until(bound, () -> condition.holds() ? Optional.of(Boolean.TRUE) : Optional.empty(), timeout);
  }
}
