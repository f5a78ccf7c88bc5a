package org.web4.conformance.judge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.conformance.mesh.MeshEnvelopes;
import org.web4.conformance.rtt.TesterContext;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.WireObserver;
import org.web4.conformance.testing.ScriptedImplementation;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.Protocol;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * The wire judge fed with real frames and envelopes: a scripted implementation sends them over a
 * loopback RTT connection to a tester peer, whose receive loop feeds the judge.
 */
class WireJudgeTest {
  private static final int CONTROL = ChannelNames.CONTROL;
  private static final int KNOWLEDGE = ChannelNames.KNOWLEDGE;

  private WireJudge judge = new WireJudge(Clock.systemUTC());
  private TesterContext.Binding binding = () -> {};

  @BeforeEach
  void observeTheTestersConnections() {
    bind(new WireJudge(Clock.systemUTC()));
  }

  private void bind(WireJudge j) {
    binding.close();
    judge = j;
    judge.checkStarted("features/unit.feature:7");
    // only the tester's side is judged: the scripted implementation is a tester peer too
    binding =
        TesterContext.observe(
            c -> c.peerName().equals(TesterPeer.DEFAULT_NAME) ? judge.open(c) : WireObserver.NONE);
  }

  @AfterEach
  void unbind() {
    binding.close();
  }

  @Test
  void conformingTrafficBreaksNothingAndIsCounted() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(1)) {
      impl.confirmHandshake();
      impl.send(CONTROL, impl.intentResponse());
      impl.iut()
          .sendFrame(
              FrameType.ERROR, 0, CONTROL, new ErrorBody("CONSENT", 3L, null, "no").encode());
      impl.settle();
    }

    assertThat(violated()).isEmpty();
    assertThat(judge.verdict(JudgedRequirement.RTT_HS_007).judged()).isEqualTo(1);
    // PING, DATA, ERROR and the PONG of settle()
    assertThat(judge.verdict(JudgedRequirement.RTT_FR_001).judged()).isEqualTo(4);
    assertThat(judge.verdict(JudgedRequirement.RTT_FR_002).judged()).isEqualTo(4);
    assertThat(judge.verdict(JudgedRequirement.RTT_ERR_002).judged()).isEqualTo(1);
    for (JudgedRequirement r :
        EnumSet.of(
            JudgedRequirement.ENV_GEN_001,
            JudgedRequirement.RTT_HS_003,
            JudgedRequirement.RTT_CH_007,
            JudgedRequirement.ENV_MSG_002)) {
      assertThat(judge.verdict(r).judged()).as(r.id()).isEqualTo(1);
    }
  }

  @Test
  void aBadlySignedEnvelopeBreaksEnvGen001AloneWithTheCodeInEvidence() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(2)) {
      impl.confirmHandshake();
      ObjectNode e = impl.intentResponse();
      byte[] sig = Base64.getDecoder().decode(e.path("sign").path("signature").asText());
      sig[5] ^= 0x20;
      ((ObjectNode) e.path("sign")).put("signature", Base64.getEncoder().encodeToString(sig));
      impl.send(CONTROL, e);
      impl.settle();

      assertThat(violated()).containsExactly(JudgedRequirement.ENV_GEN_001);
      Violation v = judge.verdict(JudgedRequirement.ENV_GEN_001).violations().get(0);
      assertThat(v.problem()).contains("SIGNATURE_MISMATCH");
      assertThat(v.checkId()).isEqualTo("features/unit.feature:7");
      assertThat(v.connection()).isEqualTo("tester#0 (tester dialled)");
      // the offending bytes are shown as the JSON text they are, not as hex
      assertThat(v.evidence().shownBytes())
          .startsWith("{\"cip\":\"1.0\"")
          .contains(e.path("msg_id").asText());
      assertThat(v.toJson().path("what").asText()).startsWith("message on channel 0");
    }
  }

  @Test
  void anEnvelopeSignedByAnotherIdentityBreaksRttHs003() throws Exception {
    AgentKeyPair other = TesterPeer.identityOf("someone-else", 3);
    try (ScriptedImplementation impl = ScriptedImplementation.connect(3)) {
      impl.confirmHandshake();
      impl.send(
          CONTROL,
          impl.envelope(
              Protocol.CIP,
              "INTENT_RESPONSE",
              impl.intentResponse().path("payload").deepCopy(),
              other,
              Instant.now()));
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.RTT_HS_003);
    assertThat(judge.verdict(JudgedRequirement.RTT_HS_003).violations().get(0).problem())
        .contains(other.publicKey().base64());
  }

  @Test
  void aMsgIdSentTwiceOnTwoConnectionsBreaksEnvMsg002UntilAReset() throws Exception {
    ObjectNode once;
    try (ScriptedImplementation impl = ScriptedImplementation.connect(4)) {
      impl.confirmHandshake();
      once = impl.intentResponse();
      impl.send(CONTROL, once);
      impl.settle();
    }
    try (ScriptedImplementation impl = ScriptedImplementation.connect(4)) {
      impl.confirmHandshake();
      impl.send(CONTROL, once);
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.ENV_MSG_002);
    Violation v = judge.verdict(JudgedRequirement.ENV_MSG_002).violations().get(0);
    assertThat(v.connection()).isEqualTo("tester#0 (tester dialled)");
    assertThat(v.problem()).contains(once.path("msg_id").asText());

    judge.reset(); // what the harness client reports after POST reset
    try (ScriptedImplementation impl = ScriptedImplementation.connect(4)) {
      impl.confirmHandshake();
      impl.send(CONTROL, once);
      impl.settle();
    }
    assertThat(judge.verdict(JudgedRequirement.ENV_MSG_002).violated()).isEqualTo(1);
  }

  @Test
  void anEnvelopeOnAnotherChannelThanTable5BreaksRttCh007() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(5)) {
      impl.confirmHandshake();
      impl.send(KNOWLEDGE, impl.intentResponse());
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.RTT_CH_007);
    assertThat(judge.verdict(JudgedRequirement.RTT_CH_007).violations().get(0).problem())
        .isEqualTo("CIP INTENT_RESPONSE on channel 2; Table 5 puts it on channel 0 (control)");
  }

  @Test
  void aSequenceGapBreaksRttFr002Once() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(6)) {
      impl.confirmHandshake();
      TesterPeer iut = impl.iut();
      iut.sendFrame(FrameType.PING.code(), 0, 0, 3, new byte[8]);
      impl.settle(4); // its frames go on from the gap

      assertThat(violated()).containsExactly(JudgedRequirement.RTT_FR_002);
      JudgeLedger.Verdict v = judge.verdict(JudgedRequirement.RTT_FR_002);
      assertThat(v.violated()).isEqualTo(1);
      assertThat(v.violations().get(0).problem()).isEqualTo("sequence 3; expected 1");
      assertThat(v.violations().get(0).toJson().path("frame").path("sequence").asLong())
          .isEqualTo(3);
    }
  }

  @Test
  void aLowerCaseErrorCodeBreaksRttErr002() throws Exception {
    byte[] body =
        "{\"code\":\"frame\",\"frame\":0,\"msg_id\":null,\"text\":\"x\"}"
            .getBytes(StandardCharsets.UTF_8);
    try (ScriptedImplementation impl = ScriptedImplementation.connect(7)) {
      impl.confirmHandshake();
      impl.iut().sendFrame(FrameType.ERROR, 0, CONTROL, body);
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.RTT_ERR_002);
    Violation v = judge.verdict(JudgedRequirement.RTT_ERR_002).violations().get(0);
    assertThat(v.problem()).contains("code \"frame\" does not match");
    assertThat(v.evidence().describe())
        .contains("type=ERROR flags=0x00 channel=0 sequence=1")
        .contains("{\"code\":\"frame\"");
  }

  @Test
  void errorBodiesOfSpec040AreHeldToEveryMember() {
    assertThat(problems("{\"code\":\"FRAME\",\"frame\":4294967296,\"msg_id\":null,\"text\":\"\"}"))
        .singleElement()
        .asString()
        .contains("frame 4294967296");
    assertThat(
            problems("{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":\"not-a-uuid\",\"text\":\"\"}"))
        .singleElement()
        .asString()
        .contains("msg_id");
    assertThat(problems("{\"text\":\"\",\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null}"))
        .containsExactly("not in its RFC 8785 form");
    assertThat(problems("{\"code\":\"HANDSHAKE\",\"frame\":0,\"msg_id\":null,\"text\":\"\"}"))
        .containsExactly("a HANDSHAKE error has frame null and msg_id null");
    // forward compatibility: an unregistered code of the registry's shape is fine
    assertThat(problems("{\"code\":\"NEW_CODE_2\",\"frame\":null,\"msg_id\":null,\"text\":\"\"}"))
        .isEmpty();
  }

  private static List<String> problems(String body) {
    return ErrorBodyRules.problems(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void unknownTypesWrongFlagsAndBodiesBreakRttFr001() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(8)) {
      impl.confirmHandshake();
      TesterPeer iut = impl.iut();
      iut.sendFrame(0x0B, 0, 0, iut.nextSequence(), new byte[0]);
      iut.sendFrame(FrameType.PING, 0x01, 0, new byte[8]);
      iut.sendFrame(FrameType.CREDIT, 0, CONTROL, new byte[4]);
      iut.sendFrame(FrameType.PONG, 0, KNOWLEDGE, new byte[8]);
      iut.sendPlaintext(new byte[3]);
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.RTT_FR_001);
    assertThat(judge.verdict(JudgedRequirement.RTT_FR_001).violations())
        .extracting(Violation::problem)
        .containsExactly(
            "type 0x0b is not in Table 4",
            "flags 0x01; Table 4 allows 0x00 for PING",
            "CREDIT of 0; Table 4: a uint32 greater than 0",
            "PONG on channel 2; Table 4 puts it on channel 0",
            "a plaintext of 3 bytes: shorter than a header"
                + " (§4.1: every transport message carries exactly one frame)");
    List<Violation> v = judge.verdict(JudgedRequirement.RTT_FR_001).violations();
    assertThat(v.get(2).evidence().shownBytes()).isEqualTo("uint32 0");
    assertThat(v.get(4).evidence().shownBytes()).isEqualTo("hex 000000");
  }

  @Test
  void anAcceptingResponderWhoseFirstFrameIsNotAPingBreaksRttHs007() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(9)) {
      impl.send(CONTROL, impl.intentResponse());
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.RTT_HS_007);
    assertThat(
            judge.verdict(JudgedRequirement.RTT_HS_007).violations().get(0).evidence().describe())
        .startsWith("frame type=DATA flags=0x01 channel=0 sequence=0");
  }

  @Test
  void aFirstPingThatIsNotFrame0BreaksRttHs007AndRttFr002() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(14)) {
      impl.iut().sendFrame(FrameType.PING.code(), 0, 0, 1, new byte[8]);
      impl.settle(2);
    }

    assertThat(violated())
        .containsExactly(JudgedRequirement.RTT_FR_002, JudgedRequirement.RTT_HS_007);
  }

  @Test
  void withoutEnforcementTheFirstFrameIsNotJudged() throws Exception {
    bind(new WireJudge(Clock.systemUTC(), false));
    try (ScriptedImplementation impl = ScriptedImplementation.connect(10)) {
      impl.send(CONTROL, impl.intentResponse());
      impl.settle();
    }

    assertThat(violated()).isEmpty();
    assertThat(judge.verdict(JudgedRequirement.RTT_HS_007).judged()).isZero();
  }

  @Test
  void aMessageTheImplementationNeverFinishesIsNotJudged() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(11)) {
      impl.confirmHandshake();
      byte[] half = "{\"cip\":\"1.0\",\"msg_id\":".getBytes(StandardCharsets.UTF_8);
      impl.iut().sendMessage(CONTROL, half, 100, false);
      impl.settle();
    } // the connection ends with the message unfinished

    assertThat(violated()).isEmpty();
    assertThat(judge.verdict(JudgedRequirement.ENV_GEN_001).judged()).isZero();
  }

  @Test
  void timestampsAreJudgedAtTheImplementationsClockAsTheHarnessMovesIt() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(12)) {
      impl.confirmHandshake();
      ObjectNode payload = impl.intentResponse().path("payload").deepCopy();
      Instant anHourAhead = Instant.now().plusSeconds(3600);
      impl.send(
          CONTROL,
          impl.envelope(Protocol.CIP, "INTENT_RESPONSE", payload, impl.identity(), anHourAhead));
      impl.settle();
      assertThat(judge.verdict(JudgedRequirement.ENV_GEN_001).violations())
          .singleElement()
          .extracting(Violation::problem)
          .asString()
          .contains("TIMESTAMP");

      judge.clockAdvanced(anHourAhead); // what the harness client reports after clock/advance
      impl.send(
          CONTROL,
          impl.envelope(Protocol.CIP, "INTENT_RESPONSE", payload, impl.identity(), anHourAhead));
      impl.settle();
    }
    assertThat(judge.verdict(JudgedRequirement.ENV_GEN_001).violated()).isEqualTo(1);
    assertThat(judge.verdict(JudgedRequirement.ENV_GEN_001).judged()).isEqualTo(2);
  }

  @Test
  void aPayloadThatIsNotItsTypesBreaksEnvGen001AndTheReadableRulesStillApply() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(13)) {
      impl.confirmHandshake();
      ObjectNode p = JsonNodeFactory.instance.objectNode().put("decision", "maybe");
      impl.send(
          KNOWLEDGE,
          impl.envelope(Protocol.CIP, "INTENT_RESPONSE", p, impl.identity(), Instant.now()));
      impl.settle();
    }

    assertThat(violated())
        .containsExactlyInAnyOrder(JudgedRequirement.ENV_GEN_001, JudgedRequirement.RTT_CH_007);
    assertThat(judge.verdict(JudgedRequirement.ENV_GEN_001).violations().get(0).problem())
        .contains("PAYLOAD_SCHEMA");
  }

  /**
   * An inner envelope the implementation originates (route exactly its own fingerprint) is judged
   * like any envelope it sends (ENV-GEN-001); one it forwards is another agent's bytes and is not.
   */
  @Test
  void anOriginatedInnerEnvelopeIsJudgedAndAForwardedOneIsNot() throws Exception {
    try (ScriptedImplementation impl = ScriptedImplementation.connect(14)) {
      impl.confirmHandshake();
      String self = impl.identity().publicKey().fingerprint();
      String far = TesterPeer.identityOf("far", 14).publicKey().fingerprint();
      ObjectNode inner = impl.intentResponse();
      byte[] sig = Base64.getDecoder().decode(inner.path("sign").path("signature").asText());
      sig[3] ^= 0x10;
      ((ObjectNode) inner.path("sign")).put("signature", Base64.getEncoder().encodeToString(sig));
      impl.send(CONTROL, relay(impl, self, List.of(self), inner));
      impl.send(CONTROL, relay(impl, far, List.of(far, self), inner));
      impl.settle();
    }

    assertThat(violated()).containsExactly(JudgedRequirement.ENV_GEN_001);
    List<Violation> v = judge.verdict(JudgedRequirement.ENV_GEN_001).violations();
    assertThat(v).hasSize(1);
    assertThat(v.get(0).problem()).contains("inner envelope").contains("SIGNATURE_MISMATCH");
  }

  private static ObjectNode relay(
      ScriptedImplementation impl, String origin, List<String> route, ObjectNode inner) {
    ObjectNode p =
        MeshEnvelopes.relayPayload(
            "5f0c1b7a-3d2e-4c5b-9a6f-0e1d2c3b4a5" + route.size(),
            origin,
            TesterPeer.identityOf("dest", 14).publicKey().fingerprint(),
            9,
            route,
            MeshEnvelopes.base64(inner));
    return impl.envelope(Protocol.MESH, "MESH_RELAY", p, impl.identity(), Instant.now());
  }

  private Set<JudgedRequirement> violated() {
    Set<JudgedRequirement> out = EnumSet.noneOf(JudgedRequirement.class);
    for (JudgeLedger.Verdict v : judge.verdicts()) {
      if (v.violated() > 0) {
        out.add(v.requirement());
      }
    }
    return out;
  }
}
