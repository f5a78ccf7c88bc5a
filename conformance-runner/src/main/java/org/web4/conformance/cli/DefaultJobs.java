package org.web4.conformance.cli;

import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Profile;
import org.web4.conformance.target.TargetDescriptor;

/**
 * How many workers a run has when {@code --jobs} is not given (docs/adr/1109): twice the machine's
 * processors (half a worker's time is real-time waiting: LIP's fetch limits, HCP's pacing, close
 * lingers), at least 2 and at most 4 (each worker starts an instance of the implementation; 4 on
 * the 2-core build machine is what {@code ParallelRunAgreesTest} has run there since ADR 1103).
 * One, serial, where several instances cannot be had or would change what is measured: a target
 * that is connected to (one instance), and {@code --profile robustness} (each attack reads the
 * launched implementation's CPU time and memory).
 */
final class DefaultJobs {
  static final int MIN = 2;
  static final int MAX = 4;

  private DefaultJobs() {}

  static int of(@Nullable TargetDescriptor target, @Nullable Profile profile) {
    if (target != null && target.launch() == null) {
      return 1;
    }
    if (profile == Profile.ROBUSTNESS) {
      return 1;
    }
    return forProcessors(Runtime.getRuntime().availableProcessors());
  }

  static int forProcessors(int processors) {
    return Math.max(MIN, Math.min(MAX, 2 * processors));
  }
}
