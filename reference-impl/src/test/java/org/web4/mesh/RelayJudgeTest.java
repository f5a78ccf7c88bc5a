package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.web4.mesh.MeshKeys.NOW;
import static org.web4.mesh.MeshKeys.fp;
import static org.web4.mesh.MeshKeys.inner;
import static org.web4.mesh.MeshKeys.intent;
import static org.web4.mesh.MeshKeys.key;

import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;

/**
 * Every row of spec/mesh.md Table 4.3a, and that the first failing step decides: the origin O sent
 * a relay through the peer P to this agent S, for the destination D.
 */
class RelayJudgeTest {
  private static final String O = fp(1);
  private static final String P = fp(2);
  private static final String S = fp(3);
  private static final String D = fp(4);
  private final MeshIdMemory memory = new MeshIdMemory();
  private final Set<String> blacklisted = new HashSet<>();
  private final EnvelopeValidator validator = EnvelopeValidator.create();
  private final RelayJudge judge =
      new RelayJudge(S, memory, b -> validator.validateBeforeReplay(b, NOW), blacklisted::contains);

  private static RelayPayload relay(
      String destination, int hopLimit, List<String> route, String e) {
    return new RelayPayload(UUID.randomUUID().toString(), O, destination, hopLimit, route, e);
  }

  private static RelayPayload good() {
    return relay(D, 9, List.of(O, P), inner("INTENT", key(1), D, intent()));
  }

  private RelayJudge.Verdict judge(RelayPayload r) {
    return judge.judge(r, P, NOW);
  }

  private static void refusedWith(RelayJudge.Verdict v, ErrorCode code, String reason) {
    assertThat(v).isInstanceOf(RelayJudge.Refused.class);
    RelayJudge.Refused r = (RelayJudge.Refused) v;
    assertThat(r.code()).isEqualTo(code);
    assertThat(r.reason()).isEqualTo(reason);
  }

  @Test
  void aGoodRelayIsAcceptedAndItsMeshIdRemembered() {
    RelayPayload r = good();
    assertThat(judge(r)).isInstanceOf(RelayJudge.Accepted.class);
    assertThat(memory.remembers(r.meshId(), NOW)).isTrue(); // R6
  }

  @Test
  void r1TheRouteRecordMustEndWithThePeerStartWithTheOriginRepeatNothingAndFitTheLimit() {
    String e = good().envelope();
    refusedWith(judge(relay(D, 9, List.of(O, fp(5)), e)), ErrorCode.RELAY, "relay");
    refusedWith(judge(relay(D, 9, List.of(fp(5), P), e)), ErrorCode.RELAY, "relay");
    refusedWith(judge(relay(D, 9, List.of(O, P, O, P), e)), ErrorCode.RELAY, "relay");
    refusedWith(judge(relay(D, 1, List.of(O, P), e)), ErrorCode.RELAY, "relay");
    assertThat(judge(relay(D, 2, List.of(O, P), e))).isInstanceOf(RelayJudge.Accepted.class);
  }

  @Test
  void r1DecidesBeforeR2() {
    RelayPayload r = good();
    memory.remember(r.meshId(), NOW);
    RelayPayload bad = new RelayPayload(r.meshId(), O, D, 9, List.of(O, fp(5)), r.envelope());
    refusedWith(judge(bad), ErrorCode.RELAY, "relay");
  }

  @Test
  void r2ARememberedMeshIdIsADuplicateEvenWhenLaterStepsFail() {
    RelayPayload r = good();
    assertThat(judge(r)).isInstanceOf(RelayJudge.Accepted.class);
    assertThat(judge(r)).isEqualTo(new RelayJudge.Dropped("duplicate"));
    RelayPayload loop = new RelayPayload(r.meshId(), O, D, 9, List.of(O, S, P), "QUFB");
    assertThat(judge(loop)).isEqualTo(new RelayJudge.Dropped("duplicate"));
  }

  @Test
  void r3ARouteRecordWithThisAgentIsALoopEvenWithABadInnerEnvelope() {
    assertThat(judge(relay(D, 9, List.of(O, S, P), "QUFB")))
        .isEqualTo(new RelayJudge.Dropped("loop"));
  }

  @Test
  void r4TheEnvelopeMustBeCanonicalBase64OfAtMost655360Bytes() {
    String e = good().envelope();
    String unpadded = e.replaceAll("=+$", "");
    if (!unpadded.equals(e)) {
      refusedWith(judge(relay(D, 9, List.of(O, P), unpadded)), ErrorCode.RELAY, "relay");
    }
    refusedWith(judge(relay(D, 9, List.of(O, P), "QR==")), ErrorCode.RELAY, "relay"); // bits
    String big = Base64.getEncoder().encodeToString(new byte[RelayJudge.MAX_INNER_BYTES + 1]);
    refusedWith(judge(relay(D, 9, List.of(O, P), big)), ErrorCode.RELAY, "relay");
  }

  @Test
  void r4TheInnerEnvelopeMustPassSteps1To9() {
    String e = good().envelope();
    byte[] bytes = Base64.getDecoder().decode(e);
    String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    String tampered = text.replace("greetings", "greetingz"); // the signature no longer verifies
    String b64 =
        Base64.getEncoder()
            .encodeToString(tampered.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    RelayJudge.Verdict v = judge(relay(D, 9, List.of(O, P), b64));
    refusedWith(v, ErrorCode.RELAY, "relay");
    assertThat(((RelayJudge.Refused) v).innerMsgId()).isNotNull();
  }

  @Test
  void r4ATypeTable43bDoesNotAllowIsRefused() {
    refusedWith(
        judge(relay(D, 9, List.of(O, P), inner("HELLO", key(1), D, intent()))),
        ErrorCode.RELAY,
        "relay");
    refusedWith(
        judge(
            relay(
                RelayPayload.BROADCAST,
                9,
                List.of(O, P),
                inner("INTENT", key(1), RelayJudge.BROADCAST_RECEIVER, intent()))),
        ErrorCode.RELAY,
        "relay");
    assertThat(
            judge(
                relay(
                    RelayPayload.BROADCAST,
                    9,
                    List.of(O, P),
                    inner(
                        "FACT_PROPOSE",
                        key(1),
                        RelayJudge.BROADCAST_RECEIVER,
                        MeshKeys.proposal()))))
        .isInstanceOf(RelayJudge.Accepted.class);
  }

  @Test
  void r4TheInnerSenderMustBeTheOriginAndItsReceiverTheDestination() {
    refusedWith(
        judge(relay(D, 9, List.of(O, P), inner("INTENT", key(5), D, intent()))),
        ErrorCode.RELAY,
        "relay");
    refusedWith(
        judge(relay(D, 9, List.of(O, P), inner("INTENT", key(1), fp(6), intent()))),
        ErrorCode.RELAY,
        "relay");
    refusedWith(
        judge(
            relay(
                RelayPayload.BROADCAST,
                9,
                List.of(O, P),
                inner("FACT_PROPOSE", key(1), D, MeshKeys.proposal()))),
        ErrorCode.RELAY,
        "relay");
  }

  @Test
  void r5ABlacklistedOriginIsATrustViolationButR4DecidesFirst() {
    blacklisted.add(O);
    RelayPayload r = good();
    refusedWith(judge(r), ErrorCode.TRUST_VIOLATION, "blacklisted");
    assertThat(memory.remembers(r.meshId(), NOW)).isFalse();
    refusedWith(judge(relay(D, 9, List.of(O, P), "QR==")), ErrorCode.RELAY, "relay");
  }

  @Test
  void r4DoesNotRunTheReplayStep() {
    String e = good().envelope();
    assertThat(judge(relay(D, 9, List.of(O, P), e))).isInstanceOf(RelayJudge.Accepted.class);
    assertThat(judge(relay(D, 9, List.of(O, P), e))).isInstanceOf(RelayJudge.Accepted.class);
  }
}
