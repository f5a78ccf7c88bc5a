package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.web4.hcp.Consent;
import org.web4.hcp.Human;
import org.web4.hcp.Pacing;
import org.web4.hcp.SocialTrust;

/**
 * Replays every case of {@code vectors/hcp/} against the reference's pure HCP classes ({@link
 * Pacing}, {@link Consent}, {@link SocialTrust}), from the files only: the generator's own
 * transcription of the spec's tables and the reference must agree case by case.
 */
class HcpVectorsTest {

  @TestFactory
  Stream<DynamicNode> hcpPacing() throws IOException {
    return ReferenceVectorsTest.file(HcpVectors.PACING_PATH, HcpVectorsTest::checkPacing);
  }

  @TestFactory
  Stream<DynamicNode> hcpConsent() throws IOException {
    return ReferenceVectorsTest.file(HcpVectors.CONSENT_PATH, HcpVectorsTest::checkConsent);
  }

  @TestFactory
  Stream<DynamicNode> hcpTrust() throws IOException {
    return ReferenceVectorsTest.file(HcpVectors.TRUST_PATH, HcpVectorsTest::checkTrust);
  }

  private static void checkPacing(JsonNode group, JsonNode test) {
    Human h = Human.of(test.get("human"));
    Set<String> flags = strings(test.get("safetyFlags"));
    assertThat(Pacing.level(h, flags).wire()).as("level").isEqualTo(test.get("level").asText());
    assertThat(Pacing.decide(h, flags, test.get("checkInConfirmed").asBoolean()).wire())
        .as("decision")
        .isEqualTo(test.get("decision").asText());
  }

  private static void checkConsent(JsonNode group, JsonNode test) {
    Consent.Kind kind = kind(test.get("kind").asText());
    String topic = text(test.get("topic"));
    if (group.get("type").asText().equals("HcpConsentOne")) {
      assertThat(
              Consent.allows(
                  test.get("consent").asText(),
                  strings(test.get("consentScope")),
                  kind,
                  topic,
                  text(test.get("openTopic"))))
          .isEqualTo(test.get("allowed").asBoolean());
      return;
    }
    JsonNode p = test.get("principal");
    JsonNode c = test.get("counterpart");
    boolean byCounterpart =
        Consent.allows(
            c.get("consent").asText(), strings(c.get("consentScope")), kind, topic, null);
    boolean byPrincipal =
        Consent.allows(
            p.get("consent").asText(), strings(p.get("consentScope")), kind, topic, null);
    assertThat(byCounterpart && byPrincipal).isEqualTo(test.get("allowed").asBoolean());
    String refusedAt = !byCounterpart ? "G4" : !byPrincipal ? "G5" : null;
    assertThat(text(test.get("refusedAt"))).isEqualTo(refusedAt);
  }

  private static void checkTrust(JsonNode group, JsonNode test) {
    assertThat(group.get("initialState").asText()).isEqualTo("untrusted");
    SocialTrust trust = new SocialTrust();
    assertThat(trust.state().wire()).isEqualTo("untrusted");
    for (JsonNode step : test.get("steps")) {
      Optional<SocialTrust.Transition> t =
          switch (step.get("step").asText()) {
            case "hello" -> trust.hello(step.path("consentRevoked").asBoolean());
            case "feedback" ->
                trust.feedback(
                    step.has("satisfaction") ? step.get("satisfaction").asInt() : -1,
                    step.path("corrections").asInt());
            case "revoked" -> trust.revoked();
            case "restored" -> trust.restored();
            default -> throw new AssertionError("unknown step " + step);
          };
      assertThat(trust.state().wire())
          .as("state after %s", step)
          .isEqualTo(step.get("state").asText());
      t.ifPresent(
          x ->
              assertThat(x.cause().wire())
                  .as("cause of %s", step)
                  .isEqualTo(text(step.get("event"))));
    }
  }

  @Test
  void everyCellOfTable47bIsCovered() throws IOException {
    JsonNode file =
        PrettyJson.mapper()
            .readTree(
                java.nio.file.Files.readAllBytes(
                    KitFiles.vectors().resolve(HcpVectors.TRUST_PATH)));
    Set<String> cells = new HashSet<>();
    for (JsonNode g : file.get("testGroups")) {
      for (JsonNode t : g.get("tests")) {
        if (t.has("cell")) {
          cells.add(
              t.get("cell").get("state").asText() + "/" + t.get("cell").get("event").asText());
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (String s : List.of("untrusted", "probing", "trusted", "restricted")) {
      for (String e : List.of("hello", "validated", "misunderstanding", "revoked", "restored")) {
        expected.add(s + "/" + e);
      }
    }
    assertThat(cells).containsAll(expected);
  }

  private static Consent.Kind kind(String wire) {
    return switch (wire) {
      case "intent" -> Consent.Kind.INTENT;
      case "check_in" -> Consent.Kind.CHECK_IN;
      default -> Consent.Kind.OTHER;
    };
  }

  private static @Nullable String text(@Nullable JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
