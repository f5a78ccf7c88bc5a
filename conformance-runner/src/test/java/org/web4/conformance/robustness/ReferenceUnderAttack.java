package org.web4.conformance.robustness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.IutKey;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;

/**
 * The reference in this JVM on real loopback sockets (RTT and its harness), with any deliberate
 * deviations, attacked by the robustness suite through the runner in profile robustness.
 */
final class ReferenceUnderAttack {
  private static final String TOKEN = "robustness-token";

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
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try (ReferenceAgent agent =
            new ReferenceAgent(
                new HarnessBackend.Implementation("under-attack", "1"),
                "under-attack",
                IutKey.forSeed(seed),
                new AdjustableClock(Clock.systemUTC()),
                new SecureRandom(),
                RttEvent.Sink.none(),
                deviations);
        HarnessServer server = new HarnessServer()) {
      InetSocketAddress rtt = front.front(agent.listen(loopback));
      int port = server.start(loopback, TOKEN, agent.backend());
      HarnessClient client = new HarnessClient("http://127.0.0.1:" + port + "/harness/v1", TOKEN);
      return new ConformanceRunner(catalog, Profile.ROBUSTNESS, seed, client, ProgressListener.NONE)
          .withRtt(rtt)
          .run(List.of(RobustnessSuiteFactory.suite(attacks)));
    }
  }
}
