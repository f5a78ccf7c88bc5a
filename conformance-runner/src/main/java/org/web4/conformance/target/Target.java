package org.web4.conformance.target;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CapturedOutput;

/** A reachable implementation under test. Closing it stops whatever the runner started. */
public interface Target extends AutoCloseable {
  /** The descriptor's name. */
  String name();

  /** Where the implementation listens for RTT, if the runner knows (spec/rtt.md). */
  default Optional<InetSocketAddress> rtt() {
    return Optional.empty();
  }

  /** Whether the implementation has a harness; without one only wire checks apply (core). */
  default boolean hasHarness() {
    return true;
  }

  /**
   * A client for the implementation's harness.
   *
   * @throws IllegalStateException it has none ({@link #hasHarness})
   */
  HarnessClient harness();

  /** What the implementation printed so far (empty if the runner did not start it). */
  CapturedOutput output();

  @Override
  void close();
}
