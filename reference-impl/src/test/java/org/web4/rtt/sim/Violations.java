package org.web4.rtt.sim;

import org.jspecify.annotations.Nullable;

/**
 * Where the checks report a broken invariant. The first one wins; the simulation throws it as a
 * {@link SimulationFailure} once the step that found it is over (a check may run inside an
 * endpoint's code, which must not see the simulation's exception).
 */
final class Violations {
  private final long seed;
  private final Scheduler scheduler;
  private final Trace trace;
  private @Nullable SimulationFailure first;

  Violations(long seed, Scheduler scheduler, Trace trace) {
    this.seed = seed;
    this.scheduler = scheduler;
    this.trace = trace;
  }

  void report(SimulationFailure.Kind kind, String what) {
    if (first == null) {
      trace.line("VIOLATION " + kind + ": " + what);
      first =
          new SimulationFailure(kind, seed, Scheduler.format(scheduler.now()), what, trace.last());
    }
  }

  /** Throws the first violation reported, if any. */
  void throwIfAny() {
    SimulationFailure f = first;
    if (f != null) {
      throw f;
    }
  }
}
