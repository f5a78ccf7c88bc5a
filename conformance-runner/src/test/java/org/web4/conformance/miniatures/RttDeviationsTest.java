package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.IutKey;
import org.web4.conformance.testing.FailedRequirements;
import org.web4.conformance.vectors.VectorSet;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;

/**
 * Test the tester, over RTT: the reference with one deliberate deviation from spec/rtt.md, run
 * through every RTT scenario over real loopback sockets, must fail on exactly the requirement IDs
 * the deviation violates.
 */
class RttDeviationsTest {
  private static final String TOKEN = "deviation-token";
  private static final RunOptions RTT_ONLY =
      new RunOptions(null, null, 23, null, "@rtt and not @cip", null, null, false, List.of());

  @ParameterizedTest
  @EnumSource(value = Deviation.class, mode = EnumSource.Mode.MATCH_NONE, names = "HCP_.*")
  void eachDeviationFailsOnExactlyItsRequirements(Deviation deviation) throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    List<Suite> suites =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .suites(VectorSet.fromClasspath(), RTT_ONLY);
    List<CaseResult> results;
    try (ReferenceAgent agent =
            new ReferenceAgent(
                new HarnessBackend.Implementation("deviant", "1"),
                "deviant",
                IutKey.forSeed(23),
                new AdjustableClock(Clock.systemUTC()),
                new SecureRandom(),
                RttEvent.Sink.none(),
                Set.of(deviation));
        HarnessServer server = new HarnessServer()) {
      InetSocketAddress rtt =
          agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, agent.backend());
      HarnessClient client = new HarnessClient("http://127.0.0.1:" + port + "/harness/v1", TOKEN);
      results =
          new ConformanceRunner(catalog, Profile.FULL, 23, client, ProgressListener.NONE)
              .withRtt(rtt)
              .run(suites);
    }
    assertThat(FailedRequirements.of(results))
        .as("requirements failed by the reference with deviation %s", deviation)
        .isEqualTo(expected(deviation));
  }

  /** What each deviation violates, and why. */
  private static Set<String> expected(Deviation deviation) {
    // A scenario reports every requirement it is tagged with: a refusal that does not happen
    // fails the refusal's requirement and the ERROR format it was to be checked against.
    return switch (deviation) {
      case SKIP_BINDING_CHECK ->
          // bad bindings accepted as responder (HS-005, with ERR-001/002 of the refusal and the
          // connection that should not exist, HAR-RTT-002) and as initiator (HS-004, HAR-RTT-001)
          Set.of(
              "RTT-HS-004",
              "RTT-HS-005",
              "RTT-ERR-001",
              "RTT-ERR-002",
              "HAR-RTT-001",
              "HAR-RTT-002");
      case IGNORE_WINDOW -> Set.of("RTT-FLOW-001", "RTT-ERR-001");
      case ANY_CHANNEL -> Set.of("RTT-CH-002", "RTT-ERR-003");
      case NO_SEQUENCE_CHECK -> Set.of("RTT-FR-002", "RTT-ERR-001");
      case HCP_NO_PACING, HCP_IGNORE_PRINCIPAL_CONSENT ->
          throw new IllegalArgumentException("an HCP deviation: HcpDeviationsTest runs it");
    };
  }
}
