package org.web4.conformance.properties;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.ConformanceRunner;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.LenientHarness;
import org.web4.conformance.testing.TestSuites;
import org.web4.json.JsonCanonicalizer;

/**
 * Issue 16: a property failure showed a different exchange than the falsifying one (a shrink
 * attempt's, possibly a correct answer) and two seeds. Against a harness that echoes its input as
 * the canonical form, the canonical-form property (20 examples, a few seconds) must fail with the
 * exchange of its smallest counterexample, whose input is not canonical, and name only the run's
 * seed.
 */
class PropertyFailureEvidenceTest {
  private static LenientHarness lenient;

  @BeforeAll
  static void start() throws Exception {
    lenient = new LenientHarness();
  }

  @AfterAll
  static void stop() {
    lenient.close();
  }

  @Test
  void aFailedPropertyCarriesItsFalsifyingExchangeAndOneSeed() throws Exception {
    Suite suite = TestSuites.of("properties", new PropertySuiteFactory.CanonicalFormAgrees(20));

    CaseResult c =
        new ConformanceRunner(
                RequirementCatalog.bundled(),
                Profile.FULL,
                7,
                new HarnessClient(lenient.url(), LenientHarness.TOKEN),
                ProgressListener.NONE)
            .run(List.of(suite))
            .get(0);

    assertThat(c.outcome()).isEqualTo(Outcome.FAILED);
    String message = String.valueOf(c.message());
    assertThat(message).contains("replay exactly with: run --seed 7").doesNotContain("Seed was");
    assertThat(message).containsPattern("smallest counterexample: .+");
    // the exchange is the counterexample's: its input is not canonical (the echo is wrong)
    JsonNode request = Objects.requireNonNull(c.request(), "request");
    JsonNode reply = Objects.requireNonNull(c.reply(), "reply");
    byte[] input = HexFormat.of().parseHex(request.path("input").asText());
    assertThat(JsonCanonicalizer.canonicalize(input)).isNotEqualTo(input);
    assertThat(reply.path("output").asText()).isEqualTo(request.path("input").asText());
    // the counterexample is evidence, the request's input decoded beside its hex
    assertThat(c.evidence())
        .extracting(Evidence::label)
        .contains("smallest counterexample", "request.input (decoded)");
    assertThat(
            c.evidence().stream()
                .filter(e -> e.label().equals("smallest counterexample"))
                .findFirst()
                .orElseThrow()
                .text())
        .isEqualTo(new String(input, java.nio.charset.StandardCharsets.UTF_8));
  }
}
