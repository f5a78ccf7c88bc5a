package org.web4.conformance.harnessapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.EmbeddedTarget;
import org.web4.conformance.testing.LenientHarness;

/** The harness API checks pass against the reference's harness and catch a sloppy one. */
class HarnessApiChecksTest {
  private static final RequirementCatalog CATALOG = RequirementCatalog.bundled();

  private static List<CaseResult> run(HarnessClient client) {
    Suite suite =
        new Suite() {
          @Override
          public String name() {
            return "harness";
          }

          @Override
          public Profile profile() {
            return Profile.FULL;
          }

          @Override
          public List<org.web4.conformance.run.Check> checks() {
            return HarnessApiSuiteFactory.checks();
          }
        };
    List<Suite> suites = List.of(suite);
    return new ConformanceRunner(CATALOG, Profile.FULL, 1, client, ProgressListener.NONE)
        .run(suites);
  }

  @Test
  void everyCheckPassesAgainstTheReference() throws Exception {
    try (EmbeddedTarget target = EmbeddedTarget.start(3)) {
      List<CaseResult> results = run(target.harness());
      assertThat(results).hasSizeGreaterThanOrEqualTo(15);
      assertThat(results)
          .allSatisfy(
              c ->
                  assertThat(c.outcome())
                      .as(c.id() + ": " + c.message())
                      .isEqualTo(Outcome.PASSED));
      Set<String> covered = new TreeSet<>();
      results.forEach(c -> covered.addAll(c.requirements()));
      Set<String> har = new TreeSet<>();
      CATALOG
          .all()
          .forEach(
              r -> {
                if (r.id().startsWith("HAR-")) {
                  har.add(r.id());
                }
              });
      har.remove("HAR-LIM-002"); // a 60-second stall: not part of a default run
      // rtt/dial, rtt/connections and clock/advance act on the wire: features/rtt checks them
      har.removeAll(
          Set.of(
              "HAR-RTT-001",
              "HAR-RTT-002",
              "HAR-RTT-003", // the send queue: features/rtt/send_queue.feature holds CREDIT back
              "HAR-RTT-004", // its policies: features/rtt/send_queue_policies.feature
              "HAR-RTT-005",
              "HAR-CLK-001",
              "HAR-CLK-002", // the held clock: the scenarios tagged @clock-hold
              "HAR-CIP-001", // trust, anchors, override, load and knowledge act on CIP
              "HAR-CIP-002", // sessions over the wire: features/cip checks them
              "HAR-CIP-003",
              "HAR-EVT-001", // events: features/events checks them against the wire
              "HAR-INFO-004", // the human of HCP: features/hcp checks them over the wire
              "HAR-HCP-001",
              "HAR-HCP-002",
              "HAR-HCP-003",
              "HAR-HCP-004",
              "HAR-HCP-005",
              "HAR-LIP-001", // lip/sources and lip/queue act on LIP: features/lip checks them
              "HAR-LIP-002",
              "HAR-LIP-003",
              "HAR-INFO-005", // the lip capability: features/events/lip.feature
              "HAR-MESH-001", // GET mesh and mesh/send act on the mesh: features/mesh checks them
              "HAR-MESH-002",
              "HAR-RES-001", // rtt/resume acts on the wire: features/rtt/resume.feature
              "HAR-RES-002",
              "HAR-RES-003", // rtt/send and rtt/inbox act on the wire:
              "HAR-RES-004", // features/rtt/resume_iut_sends.feature
              "HAR-RES-005")); // the resuming rtt/dial: features/rtt/resume_iut_dials.feature
      assertThat(covered).containsAll(har);
    }
  }

  @Test
  void aSloppyHarnessFails() throws Exception {
    try (LenientHarness lenient = new LenientHarness()) {
      Set<String> failed = new TreeSet<>();
      for (CaseResult c : run(new HarnessClient(lenient.url(), LenientHarness.TOKEN))) {
        if (c.outcome() != Outcome.PASSED) {
          failed.addAll(c.requirements());
        }
      }
      // it answers valid to every verify and refuses to sign envelopes
      assertThat(failed).contains("HAR-VRF-001", "HAR-SIG-002", "HAR-VEN-002");
      // on the JDK's HttpServer with its default executor (one thread): it reads a body before it
      // answers, a stalled request holds up every other, and the JDK answers over-long or
      // malformed requests itself (text/html or a reset)
      assertThat(failed).contains("HAR-LIM-004", "HAR-LIM-005", "HAR-LIM-006", "HAR-API-001");
    }
  }
}
