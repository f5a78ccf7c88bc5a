package org.web4.conformance.run;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.Profile;

/**
 * What a running check can use: the harness of the implementation under test and the run's
 * settings. Checks must derive all randomness from {@link #seed()} so that a run is reproducible.
 */
public interface CheckContext {
  /**
   * The implementation's harness.
   *
   * @throws IllegalStateException the run has none ({@link #hasHarness})
   */
  HarnessClient harness();

  /** Whether the run has a harness (not for an RTT-only target). */
  default boolean hasHarness() {
    return true;
  }

  /** Where the implementation listens for RTT, when the target says so. */
  Optional<InetSocketAddress> rtt();

  long seed();

  /**
   * The implementation's process, when the runner launched it itself (a target with {@code
   * launch}): the robustness checks read its CPU time and memory from {@code /proc}. Empty for an
   * embedded or connected target.
   */
  default Optional<ProcessHandle> process() {
    return Optional.empty();
  }

  Profile profile();
}
