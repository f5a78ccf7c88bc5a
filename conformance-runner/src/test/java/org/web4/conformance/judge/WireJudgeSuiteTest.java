package org.web4.conformance.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.WireJudgeSuite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.ScriptedImplementation;
import org.web4.conformance.vectors.VectorSet;
import org.web4.rtt.ChannelNames;

/**
 * The {@code wire-judge} suite as a run reports it: a check during which the implementation sends a
 * badly signed envelope passes itself, and the run fails ENV-GEN-001 in the wire-judge suite,
 * naming that check and showing the envelope as text.
 */
class WireJudgeSuiteTest {
  private static final RequirementCatalog CATALOG = RequirementCatalog.bundled();

  /** A check that has the scripted implementation send one envelope, then passes. */
  private record Exchange(String id, boolean badSignature) implements Check {
    @Override
    public String title() {
      return "the implementation sends an INTENT_RESPONSE";
    }

    @Override
    public CaseKind kind() {
      return CaseKind.SCENARIO;
    }

    @Override
    public List<String> requirements() {
      return List.of("CIP-INT-001");
    }

    @Override
    public CheckOutcome run(CheckContext context) throws Exception {
      try (ScriptedImplementation impl = ScriptedImplementation.connect(context.seed())) {
        impl.confirmHandshake();
        ObjectNode e = impl.intentResponse();
        if (badSignature) {
          byte[] sig =
              java.util.Base64.getDecoder().decode(e.path("sign").path("signature").asText());
          sig[0] ^= 0x01;
          ((ObjectNode) e.path("sign"))
              .put("signature", java.util.Base64.getEncoder().encodeToString(sig));
        }
        impl.send(ChannelNames.CONTROL, e);
        impl.settle();
      }
      return CheckOutcome.passed(null, null);
    }
  }

  private record Scenarios(List<Check> checks) implements Suite {
    @Override
    public String name() {
      return "features/unit.feature";
    }

    @Override
    public Profile profile() {
      return Profile.CORE;
    }
  }

  private static List<CaseResult> run(Check... checks) {
    return new ConformanceRunner(CATALOG, Profile.CORE, 5, null, ProgressListener.NONE)
        .run(List.of(new Scenarios(List.of(checks)), WireJudgeSuite.listing(CATALOG)));
  }

  private static CaseResult judged(List<CaseResult> results, String id) {
    return results.stream()
        .filter(c -> c.id().equals("wire-judge/" + id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aViolationFailsItsRequirementInTheWireJudgeSuiteNotTheScenario() {
    List<CaseResult> results =
        run(
            new Exchange("features/unit.feature:3", false),
            new Exchange("features/unit.feature:9", true));

    assertThat(results.subList(0, 2)).allMatch(c -> c.outcome() == Outcome.PASSED);
    CaseResult gen001 = judged(results, "ENV-GEN-001");
    assertThat(gen001.suite()).isEqualTo("wire-judge");
    assertThat(gen001.kind()).isEqualTo(CaseKind.JUDGE);
    assertThat(gen001.requirements()).containsExactly("ENV-GEN-001");
    assertThat(gen001.outcome()).isEqualTo(Outcome.FAILED);
    assertThat(gen001.message())
        .startsWith("1 of 2 envelopes the implementation sent break ENV-GEN-001")
        .contains("in features/unit.feature:9:")
        .contains("SIGNATURE_MISMATCH")
        .contains("{\"cip\":\"1.0\"")
        .doesNotContain("features/unit.feature:3");
    JsonNode evidence = java.util.Objects.requireNonNull(gen001.reply()).get(0);
    assertThat(evidence.path("scenario").asText()).isEqualTo("features/unit.feature:9");
    assertThat(evidence.path("bytes").asText()).startsWith("{\"cip\":\"1.0\"");

    CaseResult fr001 = judged(results, "RTT-FR-001");
    assertThat(fr001.outcome()).isEqualTo(Outcome.PASSED);
    // PING, DATA and the marker PONG, twice
    assertThat(fr001.message()).isEqualTo("judged 6 frames the implementation sent");
  }

  @Test
  void aRunListsTheWireJudgeSuiteLastAndRunsItOnceAfterTheOthers() throws Exception {
    List<Suite> listed =
        new ConformanceRun(CATALOG, ProgressListener.NONE)
            .suites(VectorSet.fromClasspath(), RunOptions.defaults(5));
    Suite last = listed.get(listed.size() - 1);
    assertThat(last.name()).isEqualTo("wire-judge");
    assertThat(last.checks())
        .extracting(Check::id)
        .contains("wire-judge/RTT-FR-001", "wire-judge/ENV-GEN-001");

    List<CaseResult> results =
        new ConformanceRunner(CATALOG, Profile.CORE, 5, null, ProgressListener.NONE)
            .run(
                List.of(
                    last, new Scenarios(List.of(new Exchange("features/unit.feature:3", false)))));
    assertThat(results.get(0).id()).isEqualTo("features/unit.feature:3");
    assertThat(results)
        .extracting(CaseResult::id)
        .filteredOn(id -> id.equals("wire-judge/RTT-FR-001"))
        .hasSize(1);
    assertThat(judged(results, "RTT-FR-001").outcome()).isEqualTo(Outcome.PASSED);
  }

  @Test
  void aRunOfSuitesWithoutTheWireJudgeSuiteReportsNoVerdicts() {
    List<CaseResult> results =
        new ConformanceRunner(CATALOG, Profile.CORE, 5, null, ProgressListener.NONE)
            .run(List.of(new Scenarios(List.of(new Exchange("features/unit.feature:3", true)))));

    assertThat(results).extracting(CaseResult::id).containsExactly("features/unit.feature:3");
  }

  @Test
  void nothingJudgedIsNotApplicableAndOnlyRequirementsOfTheSpecHaveCases() {
    List<CaseResult> results =
        new ConformanceRunner(CATALOG, Profile.CORE, 5, null, ProgressListener.NONE)
            .run(List.of(WireJudgeSuite.listing(CATALOG)));

    assertThat(results).isNotEmpty().allMatch(c -> c.suite().equals("wire-judge"));
    assertThat(results).allMatch(c -> c.outcome() == Outcome.NOT_APPLICABLE);
    assertThat(results.get(0).detail()).startsWith("nothing was judged");
    assertThat(results)
        .extracting(c -> c.requirements().get(0))
        .allMatch(CATALOG::contains)
        .contains("RTT-FR-001", "RTT-FR-002", "RTT-ERR-002", "RTT-HS-003", "ENV-GEN-001");
  }
}
