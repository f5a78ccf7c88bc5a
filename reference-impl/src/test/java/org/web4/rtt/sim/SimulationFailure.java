package org.web4.rtt.sim;

import java.util.List;

/**
 * An invariant of the simulation broke: what broke, when, the seed that replays it ({@code
 * -Dweb4.sim.seed=…}) and the last lines of the trace.
 */
final class SimulationFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  /** What kind of invariant broke (the planted-bug tests look for these). */
  enum Kind {
    LOST,
    DUPLICATED,
    CORRUPTED,
    UNBOUNDED,
    PROTOCOL,
    REPLAY_STATE,
    STUCK,
    INTERNAL
  }

  private final Kind kind;
  private final long seed;

  SimulationFailure(Kind kind, long seed, String time, String what, List<String> trace) {
    super(
        kind
            + " at simulated "
            + time
            + ": "
            + what
            + "\n  replay: -Dweb4.sim.seed="
            + seed
            + "\n  last "
            + trace.size()
            + " lines of the trace:\n    "
            + String.join("\n    ", trace));
    this.kind = kind;
    this.seed = seed;
  }

  Kind kind() {
    return kind;
  }

  long seed() {
    return seed;
  }
}
