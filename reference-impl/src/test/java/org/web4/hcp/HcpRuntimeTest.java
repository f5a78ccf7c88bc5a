package org.web4.hcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.cip.AgentLoop;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.rtt.session.RttConnection;
import org.web4.testing.Await;

/**
 * Two reference agents over loopback: the HCP runtime of each acts for its principal and judges the
 * other's envelopes (spec/hcp.md §4), through the real RTT and CIP wiring.
 */
class HcpRuntimeTest {
  private final SecureRandom random = new SecureRandom();
  private ReferenceAgent ana;
  private ReferenceAgent ben;
  private AdjustableClock anaClock;
  private RttConnection anaToBen;

  @BeforeEach
  void connect() throws Exception {
    anaClock = new AdjustableClock(Clock.systemUTC());
    ana = agent("ana", anaClock);
    ben = agent("ben", new AdjustableClock(Clock.systemUTC()));
    InetSocketAddress at = ben.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    anaToBen = ana.endpoint().dial(at, Optional.of(fingerprint(ben)));
    await(() -> ana.cip().established(anaToBen));
    ana.hcp().open(anaToBen);
    await(() -> ana.hcp().isOpen(anaToBen));
    await(() -> session(ben, ana).isPresent());
  }

  @AfterEach
  void close() {
    ana.close();
    ben.close();
  }

  @Test
  void anIntentReachesTheOtherHumanAndItsAgentLoop() throws Exception {
    JsonNode action = ana.hcp().humanIntent(fingerprint(ben), "align", "topic:work", "normal");
    assertThat(action.path("status").asText()).isEqualTo("sent");
    await(() -> session(ben, ana).orElseThrow().path("inbox").size() == 1);
    JsonNode inbox = session(ben, ana).orElseThrow().path("inbox");
    assertThat(inbox.get(0).path("msg_id").asText()).isEqualTo(action.path("msg_id").asText());
    assertThat(session(ben, ana).orElseThrow().path("open_topic").asText()).isEqualTo("topic:work");
    await(() -> ben.loop().memory().stream().anyMatch(w -> w instanceof AgentLoop.HumanIntent));
  }

  @Test
  void aRevokedConsentIsAnnouncedAndStopsTheOtherSidesActions() throws Exception {
    ben.hcp().humanConsent("revoked", List.of(), List.of());
    awaitSession(ana, ben, "/counterpart/human/consent", "revoked");
    assertThat(session(ana, ben).orElseThrow().path("trust").asText()).isEqualTo("restricted");
    JsonNode action = ana.hcp().humanIntent(fingerprint(ben), "align", "topic:work", "normal");
    assertThat(action.path("status").asText()).isEqualTo("refused");
    assertThat(action.path("code").asText()).isEqualTo("CONSENT");
    assertThat(action.path("msg_id").isNull()).isTrue();
  }

  @Test
  void aTenseHumanIsCheckedInWithFirstAndTheSlowIntervalUsesTheAgentsClock() throws Exception {
    ben.hcp().humanState("engaged", "tense", 90, 85, "none");
    awaitSession(ana, ben, "/counterpart/level", "slow");
    JsonNode first = ana.hcp().humanIntent(fingerprint(ben), "align", "topic:work", "normal");
    assertThat(first.path("status").asText()).isEqualTo("check_in_requested");
    awaitSession(ben, ana, "/check_in/incoming", "pending");
    JsonNode answered = ben.hcp().humanCheckIn(fingerprint(ana), true);
    assertThat(answered.path("answered").asBoolean()).isTrue();
    awaitSession(ana, ben, "/check_in/outgoing", "confirmed");
    assertThat(
            ana.hcp()
                .humanIntent(fingerprint(ben), "align", "topic:work", "normal")
                .path("status")
                .asText())
        .isEqualTo("sent");
    JsonNode deferred = ana.hcp().humanIntent(fingerprint(ben), "align", "topic:work", "normal");
    assertThat(deferred.path("status").asText()).isEqualTo("deferred");
    assertThat(deferred.path("retry_after_ms").asLong()).isBetween(1L, 10_000L);
    anaClock.advance(Duration.ofSeconds(10));
    assertThat(
            ana.hcp()
                .humanIntent(fingerprint(ben), "align", "topic:work", "normal")
                .path("status")
                .asText())
        .isEqualTo("sent");
  }

  @Test
  void withoutASessionNothingIsSentAndAResetForgetsTheSession() {
    assertThat(
            ben.hcp()
                .humanIntent("0".repeat(64), "align", "topic:work", "normal")
                .path("status")
                .asText())
        .isEqualTo("no_session");
    ben.reset();
    assertThat(ben.hcp().sessions().path("sessions").size()).isZero();
    assertThat(ben.hcp().sessions().path("principal").path("level").asText()).isEqualTo("allow");
  }

  private ReferenceAgent agent(String name, AdjustableClock clock) {
    return new ReferenceAgent(
        new HarnessBackend.Implementation("web4-reference", "test"),
        name,
        AgentKeyPair.generate(random),
        clock,
        random,
        e -> {});
  }

  private static Optional<JsonNode> session(ReferenceAgent of, ReferenceAgent with) {
    for (JsonNode s : of.hcp().sessions().path("sessions")) {
      if (s.path("peer").asText().equals(fingerprint(with))) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  private static String fingerprint(ReferenceAgent agent) {
    return agent.backend().identity().publicKey().fingerprint();
  }

  /**
   * Waits until {@code of}'s HCP session with {@code with} shows {@code value} at {@code pointer}.
   */
  private static void awaitSession(
      ReferenceAgent of, ReferenceAgent with, String pointer, String value) {
    await(() -> session(of, with).map(s -> s.at(pointer).asText()).orElse("").equals(value));
  }

  private static void await(BooleanSupplier c) {
    Await.until("the condition", Duration.ofSeconds(5), c);
  }
}
