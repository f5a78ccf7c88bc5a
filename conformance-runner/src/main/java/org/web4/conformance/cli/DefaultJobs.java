package org.web4.conformance.cli;

import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Profile;
import org.web4.conformance.target.TargetDescriptor;

/**
 * How many workers a run has when {@code --jobs} is not given (docs/adr/1109). Against the embedded
 * reference, twice the machine's processors (half a worker's time is real-time waiting: LIP's fetch
 * limits, HCP's pacing, close lingers), at least 2 and at most 4 (each worker starts an instance of
 * the implementation; 4 on the 2-core build machine is what {@code ParallelRunAgreesTest} has run
 * there since ADR 1103). One, serial, where several instances cannot be had or would change what is
 * measured: a target that is connected to (one instance), and {@code --profile robustness} (each
 * attack reads the launched implementation's CPU time and memory).
 */
final class DefaultJobs {
  static final int MIN = 2;
  static final int MAX = 4;

  private DefaultJobs() {}

  static int of(@Nullable TargetDescriptor target, @Nullable Profile profile) {
    if (profile == Profile.ROBUSTNESS) {
      return 1;
    }
    int processors = Runtime.getRuntime().availableProcessors();
    if (target != null) {
      TargetDescriptor.Launch launch = target.launch();
      if (launch == null || !takesTheChosenPort(launch)) {
        return 1;
      }
      // each instance is a process of its own that needs its CPU (web4py: an interpreter)
      return forLaunchedProcesses(processors);
    }
    return forProcessors(processors);
  }

  private static boolean takesTheChosenPort(TargetDescriptor.Launch launch) {
    return launch.command().stream().anyMatch(a -> a.contains("{harness_port}"))
        || launch.env().values().stream().anyMatch(v -> v.contains("{harness_port}"));
  }

  /** A launched implementation: one worker per processor, 2 to 4. */
  static int forLaunchedProcesses(int processors) {
    return Math.max(MIN, Math.min(MAX, processors));
  }

  /** The embedded reference: twice the processors, 2 to 4. */
  static int forProcessors(int processors) {
    return Math.max(MIN, Math.min(MAX, 2 * processors));
  }
}
