package org.web4.conformance.robustness;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.ReferenceOnLoopback;
import org.web4.rtt.Deviation;

/**
 * The reference in this JVM on real loopback sockets (RTT and its harness), with any deliberate
 * deviations, attacked by the robustness suite through the runner in profile robustness.
 */
final class ReferenceUnderAttack {

  /** Puts something between the attacks and the reference's RTT endpoint (or nothing). */
  interface Front extends AutoCloseable {
    InetSocketAddress front(InetSocketAddress rtt) throws Exception;

    @Override
    void close();
  }

  private ReferenceUnderAttack() {}

  static List<CaseResult> run(Set<Deviation> deviations, List<? extends Check> attacks, long seed)
      throws Exception {
    try (Front none =
        new Front() {
          @Override
          public InetSocketAddress front(InetSocketAddress rtt) {
            return rtt;
          }

          @Override
          public void close() {}
        }) {
      return run(deviations, attacks, seed, none);
    }
  }

  static List<CaseResult> run(
      Set<Deviation> deviations, List<? extends Check> attacks, long seed, Front front)
      throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    try (ReferenceOnLoopback reference =
        new ReferenceOnLoopback("under-attack", seed, deviations)) {
      return new ConformanceRunner(
              catalog, Profile.ROBUSTNESS, seed, reference.harness(), ProgressListener.NONE)
          .withRtt(front.front(reference.rtt()))
          .run(List.of(RobustnessSuiteFactory.suite(attacks)));
    }
  }
}
