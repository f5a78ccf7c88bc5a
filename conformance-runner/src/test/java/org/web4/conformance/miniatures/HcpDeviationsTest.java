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
 * Test the tester, for HCP: the reference with one deliberate deviation from spec/hcp.md, run
 * through every HCP scenario over real loopback sockets with its harness, must fail on exactly the
 * requirement IDs of the scenarios the deviation breaks.
 */
class HcpDeviationsTest {
  private static final String TOKEN = "deviation-token";
  private static final RunOptions HCP_ONLY =
      new RunOptions(null, null, 29, null, "@hcp", null, null, false, List.of());

  @ParameterizedTest
  @EnumSource(value = Deviation.class, mode = EnumSource.Mode.MATCH_ALL, names = "HCP_.*")
  void eachDeviationFailsOnExactlyItsRequirements(Deviation deviation) throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    List<Suite> suites =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .suites(VectorSet.fromClasspath(), HCP_ONLY);
    List<CaseResult> results;
    try (ReferenceAgent agent =
            new ReferenceAgent(
                new HarnessBackend.Implementation("deviant", "1"),
                "deviant",
                IutKey.forSeed(29),
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
          new ConformanceRunner(catalog, Profile.FULL, 29, client, ProgressListener.NONE)
              .withRtt(rtt)
              .run(suites);
    }
    assertThat(FailedRequirements.of(results))
        .as("requirements failed by the reference with deviation %s", deviation)
        .isEqualTo(expected(deviation));
  }

  /** What each deviation violates: the tags of every scenario it breaks. */
  private static Set<String> expected(Deviation deviation) {
    return switch (deviation) {
      case HCP_NO_PACING ->
          // every pacing rule, incoming and outgoing, with the scenarios' companion tags: the human
          // at a level (HAR-HCP-001), its stated actions (HAR-HCP-002), the 10 s on the clock
          // (HAR-HCP-005, HAR-CLK-001), check-ins under a slow level (CHK-002, CHK-004), defer
          // before the check-in (SES-006), the state update when the pressure falls (STA-002) and
          // the refusals reported at G6 and G8 (EVT-HCP-002, HAR-EVT-001)
          Set.of(
              "HCP-PAC-001",
              "HCP-PAC-002",
              "HCP-PAC-003",
              "HCP-PAC-004",
              "HCP-CHK-002",
              "HCP-CHK-004",
              "HCP-SES-006",
              "HCP-STA-002",
              "HAR-HCP-001",
              "HAR-HCP-002",
              "HAR-HCP-005",
              "HAR-CLK-001",
              "EVT-HCP-002",
              "HAR-EVT-001");
      case HCP_IGNORE_PRINCIPAL_CONSENT ->
          // the principal's consent, incoming (CON-003) and outgoing (CON-005), with the
          // scenarios' companion tags: a refused action not delivered (DEL-001), the session
          // restricted by the revocation (TRU-001, HAR-HCP-004), the first failing step (SES-006)
          // and the refusal reported at G5 (EVT-HCP-002, HAR-EVT-001)
          Set.of(
              "HCP-CON-003",
              "HCP-CON-005",
              "HCP-DEL-001",
              "HCP-TRU-001",
              "HCP-SES-006",
              "HAR-HCP-001",
              "HAR-HCP-002",
              "HAR-HCP-004",
              "EVT-HCP-002",
              "HAR-EVT-001");
      default -> throw new IllegalArgumentException("not an HCP deviation: " + deviation);
    };
  }
}
