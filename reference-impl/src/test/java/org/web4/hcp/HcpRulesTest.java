package org.web4.hcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure HCP rules: levels and decisions, consent, check-in flags, social trust. */
class HcpRulesTest {
  private static Human h(String presence, String affect, int pressure, int clarity) {
    return new Human(presence, affect, clarity, pressure, "none", "granted");
  }

  @Test
  void levelsAtTheBoundaries() {
    assertThat(Pacing.level(h("engaged", "neutral", 79, 31), Set.of())).isEqualTo(Level.ALLOW);
    assertThat(Pacing.level(h("engaged", "neutral", 80, 31), Set.of())).isEqualTo(Level.SLOW);
    assertThat(Pacing.level(h("engaged", "neutral", 79, 30), Set.of())).isEqualTo(Level.SLOW);
    assertThat(Pacing.level(h("engaged", "neutral", 80, 30), Set.of())).isEqualTo(Level.DEFER);
    assertThat(Pacing.level(h("overloaded", "calm", 0, 100), Set.of())).isEqualTo(Level.DEFER);
    assertThat(Pacing.level(h("focused", "calm", 0, 100), Set.of("slow_pacing")))
        .isEqualTo(Level.SLOW);
    assertThat(Pacing.level(h("focused", "calm", 0, 100), Set.of("avoid_conflict")))
        .isEqualTo(Level.ALLOW);
  }

  @Test
  void decisionsInTheOrderOfSection442() {
    assertThat(Pacing.decide(h("engaged", "anxious", 85, 20), Set.of(), false))
        .isEqualTo(Pacing.Decision.DEFER);
    assertThat(Pacing.decide(h("engaged", "tense", 85, 90), Set.of(), false))
        .isEqualTo(Pacing.Decision.CHECK_IN);
    assertThat(Pacing.decide(h("engaged", "tense", 85, 90), Set.of(), true))
        .isEqualTo(Pacing.Decision.SLOW);
    assertThat(Pacing.decide(h("engaged", "energized", 0, 100), Set.of(), false))
        .isEqualTo(Pacing.Decision.ALLOW);
  }

  @Test
  void consentOfOneHuman() {
    Set<String> work = Set.of("topic:work");
    assertThat(Consent.allows("granted", Set.of(), Consent.Kind.INTENT, "topic:x", null)).isTrue();
    assertThat(Consent.allows("limited", work, Consent.Kind.INTENT, "topic:work", null)).isTrue();
    assertThat(Consent.allows("limited", work, Consent.Kind.INTENT, "topic:home", null)).isFalse();
    assertThat(Consent.allows("limited", work, Consent.Kind.OTHER, null, null)).isFalse();
    assertThat(Consent.allows("limited", work, Consent.Kind.OTHER, null, "topic:work")).isTrue();
    assertThat(Consent.allows("limited", Set.of(), Consent.Kind.CHECK_IN, null, null)).isTrue();
    assertThat(Consent.allows("revoked", work, Consent.Kind.CHECK_IN, null, null)).isFalse();
  }

  @Test
  void severalCheckInFlagsCountAsTheMostConservative() {
    assertThat(CheckIn.of("HCP_CONTEXT", context("check_in", "check_in_stop")))
        .contains(CheckIn.STOP);
    assertThat(CheckIn.of("HCP_CONTEXT", context("check_in_proceed", "check_in")))
        .contains(CheckIn.PROCEED);
    assertThat(CheckIn.of("HCP_CONTEXT", context("no_legal_advice", "check_in")))
        .contains(CheckIn.REQUEST);
    assertThat(CheckIn.of("HCP_CONTEXT", context("no_legal_advice"))).isEmpty();
    assertThat(CheckIn.of("HCP_DECISION", context("check_in"))).isEmpty();
  }

  @Test
  void aStateUpdateWithoutIntentKeepsThePreviousOne() {
    Human before = new Human("engaged", "neutral", 100, 0, "buy a house", "granted");
    ObjectNode update = JsonNodeFactory.instance.objectNode();
    update.put("presence", "focused");
    update.put("affect", "calm");
    update.put("clarity", 50);
    update.put("pressure", 40);
    update.put("consent", "limited");
    assertThat(before.updatedBy(update))
        .isEqualTo(new Human("focused", "calm", 50, 40, "buy a house", "limited"));
    update.put("intent", "sell it");
    assertThat(before.updatedBy(update).intent()).isEqualTo("sell it");
  }

  @Test
  void socialTrustFollowsTable47b() {
    SocialTrust t = new SocialTrust();
    assertThat(t.feedback(90, 0)).as("untrusted: validated changes nothing").isEmpty();
    assertThat(t.hello(false)).map(SocialTrust.Transition::to).contains(HcpTrust.State.PROBING);
    assertThat(t.feedback(69, 0)).isEmpty();
    assertThat(t.feedback(70, 0)).map(SocialTrust.Transition::to).contains(HcpTrust.State.TRUSTED);
    assertThat(t.feedback(30, 0)).as("the first corrective one").isEmpty();
    assertThat(t.feedback(50, 0)).as("neutral: the run is kept").isEmpty();
    Optional<SocialTrust.Transition> second = t.feedback(80, 1);
    assertThat(second).map(SocialTrust.Transition::cause).contains(HcpTrust.Event.MISUNDERSTANDING);
    assertThat(t.state()).isEqualTo(HcpTrust.State.PROBING);
    assertThat(t.revoked()).map(SocialTrust.Transition::to).contains(HcpTrust.State.RESTRICTED);
    assertThat(t.hello(false)).as("a later hello").isEmpty();
    assertThat(t.restored()).map(SocialTrust.Transition::to).contains(HcpTrust.State.PROBING);
    SocialTrust r = new SocialTrust();
    assertThat(r.hello(true)).map(SocialTrust.Transition::to).contains(HcpTrust.State.RESTRICTED);
  }

  private static ObjectNode context(String... flags) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("context", "c");
    var a = p.putArray("constraints");
    for (String f : flags) {
      a.add(f);
    }
    return p;
  }
}
