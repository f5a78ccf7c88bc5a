package org.web4.conformance.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Needs;
import org.web4.conformance.run.Offer;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.vectors.VectorSet;

/** Where the attacks run: profile robustness alone; no other run lists or runs them. */
class AttackProfileTest {

  @Test
  void fullDoesNotIncludeRobustnessAndRobustnessNothingElse() {
    assertThat(Profile.FULL.includes(Profile.ROBUSTNESS)).isFalse();
    assertThat(Profile.FULL.includes(Profile.CORE)).isTrue();
    assertThat(Profile.ROBUSTNESS.includes(Profile.ROBUSTNESS)).isTrue();
    assertThat(Profile.ROBUSTNESS.includes(Profile.CORE)).isFalse();
    assertThat(Profile.ROBUSTNESS.hasRtt()).isTrue();
    assertThat(Profile.ROBUSTNESS.hasHarness()).isTrue();
  }

  @Test
  void anAttackRunsInProfileRobustnessAloneAndNothingElseRunsThere() {
    Needs attack = Needs.attack(false);
    assertThat(attack.profile()).isEqualTo(Profile.ROBUSTNESS);
    assertThat(attack.unmetBy(Profile.ROBUSTNESS, Offer.everything())).isEmpty();
    assertThat(attack.unmetBy(Profile.FULL, Offer.everything()))
        .hasValue(
            "not applicable: an attack runs in profile \"robustness\" alone (--profile"
                + " robustness), not in \"full\"");
    assertThat(Needs.wire().unmetBy(Profile.ROBUSTNESS, Offer.everything()))
        .hasValue("not applicable: profile \"robustness\" runs the attacks alone");
  }

  @Test
  void onlyARunOfProfileRobustnessListsTheSuite() throws Exception {
    RobustnessSuiteFactory factory = new RobustnessSuiteFactory();
    for (Profile p : Profile.values()) {
      assertThat(factory.suites(environment(p))).hasSize(p == Profile.ROBUSTNESS ? 1 : 0);
    }
    List<Check> checks = factory.suites(environment(Profile.ROBUSTNESS)).get(0).checks();
    assertThat(checks)
        .extracting(Check::id)
        .containsExactly(
            "robustness/connection-flood",
            "robustness/handshake-slowloris",
            "robustness/handshake-pool-hold",
            "robustness/random-first-messages",
            "robustness/costly-identity-payloads",
            "robustness/short-transport-messages",
            "robustness/ping-flood",
            "robustness/pinned-memory",
            "robustness/harness-slowloris",
            "robustness/legitimate-burst");
    // every ID an attack names is defined in spec/
    RequirementCatalog catalog = RequirementCatalog.bundled();
    checks.forEach(c -> catalog.requireKnown(c.id(), c.requirements()));
  }

  private static SuiteEnvironment environment(Profile profile) throws Exception {
    return new SuiteEnvironment(
        VectorSet.fromClasspath(),
        RequirementCatalog.bundled(),
        null,
        1L,
        null,
        null,
        false,
        profile);
  }
}
