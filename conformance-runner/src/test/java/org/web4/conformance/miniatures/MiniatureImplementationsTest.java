package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.Offer;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.FailedRequirements;
import org.web4.conformance.vectors.VectorSet;
import org.web4.harness.HarnessServer;

/**
 * Test the tester: a miniature implementation with one deliberate defect, run through everything
 * the runner has (vectors, scenarios, properties) over real loopback HTTP, must fail on exactly the
 * requirement IDs its defect violates — no fewer (the kit catches it) and no more (the verdicts
 * point at the defect).
 */
class MiniatureImplementationsTest {
  private static final String TOKEN = "miniature-token";

  /** Miniatures have a harness and no RTT endpoint: everything but the RTT scenarios. */
  private static final RunOptions HARNESS_ONLY =
      new RunOptions(null, null, 11, null, "not @rtt", null, null, false, List.of());

  @ParameterizedTest
  @EnumSource(Defect.class)
  void eachMiniatureFailsOnExactlyItsRequirements(Defect defect) throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    List<Suite> suites =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .suites(VectorSet.fromClasspath(), HARNESS_ONLY);
    List<CaseResult> results;
    try (HarnessServer server = new HarnessServer()) {
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              TOKEN,
              new MiniatureBackend(defect));
      HarnessClient client = new HarnessClient("http://127.0.0.1:" + port + "/harness/v1", TOKEN);
      results =
          new ConformanceRunner(catalog, Profile.FULL, 11, client, ProgressListener.NONE)
              .withOffer(Offer.of(client.info(), /* rtt= */ false))
              .run(suites);
    }
    assertThat(FailedRequirements.of(results))
        .as("requirements failed by the miniature with defect %s", defect)
        .isEqualTo(expected(defect));
  }

  /** What each defect violates, and why. */
  private static Set<String> expected(Defect defect) {
    switch (defect) {
      case SKIPS_SIGNATURE_VERIFICATION:
        // every bad signature accepted (SIG-001/004/006/007); a bad signature no longer comes first
        // (ERR-001); an earlier refused-but-now-accepted copy makes a valid envelope a replay
        // (RPL-001, ERR-003)
        return Set.of(
            "ENV-SIG-001",
            "ENV-SIG-004",
            "ENV-SIG-006",
            "ENV-SIG-007",
            "ENV-ERR-001",
            "ENV-RPL-001",
            "ENV-ERR-003");
      case SORTS_MEMBERS_BY_UTF8:
        // names outside the BMP come out in the wrong order: the canonical form (JCS-001) through
        // its member-order rule (JCS-002)
        return Set.of("ENV-JCS-001", "ENV-JCS-002");
      case ACCEPTS_DUPLICATE_MEMBERS:
        return Set.of("ENV-JSON-002");
      case NO_REPLAY_MEMORY:
        // and the harness cannot honour "remembering the msg_id of those it accepts" (HAR-VEN-002)
        return Set.of("ENV-RPL-001", "HAR-VEN-002");
      case LENIENT_CLOCK:
        return Set.of("ENV-TIME-002");
      case NO_PARSE_COST_LIMITS:
        // a number of 4,097 characters and 65,537 values are canonicalized and verified instead
        // of refused (canonicalize, verify/envelope, the jcs vectors)
        return Set.of("ENV-LIM-003", "ENV-LIM-004");
    }
    throw new AssertionError(defect);
  }
}
