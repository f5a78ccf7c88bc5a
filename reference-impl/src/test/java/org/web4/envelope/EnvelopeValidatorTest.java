package org.web4.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web4.crypto.AgentKeyPair;
import org.web4.testing.JsonGen;

class EnvelopeValidatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AgentKeyPair ALICE = AgentKeyPair.fromSeed(new byte[32]);
  private static final AgentKeyPair BOB = AgentKeyPair.fromSeed(filled(1));
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void signThenValidateHoldsForAnyIntentText() {
    qt().withFixedSeed(11L)
        .withExamples(300)
        .forAll(JsonGen.nonEmptyStrings(), JsonGen.nonEmptyStrings())
        .check(
            (topic, context) -> {
              ObjectNode payload = JSON.createObjectNode();
              payload
                  .put("goal", "ask")
                  .put("topic", topic)
                  .put("priority", "low")
                  .put("context", context);
              byte[] bytes = bytes(intent(payload));
              try {
                return EnvelopeValidator.create().validate(bytes, NOW).type().equals("INTENT");
              } catch (EnvelopeException e) {
                throw new AssertionError(e.code() + " " + e.getMessage(), e);
              }
            });
  }

  @Test
  void anySingleByteMutationIsRejectedWithACode() {
    byte[] original = bytes(intent(defaultPayload()));
    qt().withFixedSeed(12L)
        .withExamples(3000)
        .forAll(integers().between(0, original.length - 1), integers().between(1, 255))
        .check(
            (position, xor) -> {
              byte[] mutated = original.clone();
              mutated[position] ^= (byte) (int) xor;
              try {
                EnvelopeValidator.create().validate(mutated, NOW);
                return false;
              } catch (EnvelopeException e) {
                return e.code() != ErrorCode.INTERNAL;
              }
            });
  }

  @Test
  void replayIsRefusedUntil600sHavePassed() throws EnvelopeException {
    EnvelopeValidator validator = EnvelopeValidator.create();
    ObjectNode e = intent(defaultPayload());
    validator.validate(bytes(e), NOW.minusSeconds(300));
    assertThatThrownBy(() -> validator.validate(bytes(e), NOW.plusSeconds(299)))
        .isInstanceOfSatisfying(
            EnvelopeException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.REPLAY));
  }

  @Test
  void replayMemoryIsBounded() throws EnvelopeException {
    EnvelopeValidator validator = new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache(1));
    validator.validate(bytes(intent(defaultPayload())), NOW);
    assertThatThrownBy(() -> validator.validate(bytes(intent(defaultPayload())), NOW))
        .isInstanceOfSatisfying(
            EnvelopeException.class, x -> assertThat(x.code()).isEqualTo(ErrorCode.BACKPRESSURE));
    Instant later = NOW.plusSeconds(601);
    validator.validate(bytes(intent(defaultPayload(), later)), later);
  }

  @Test
  void errorsCarryTheOffendingMsgId() {
    ObjectNode e = intent(defaultPayload());
    e.withObjectProperty("payload").put("priority", "urgent");
    byte[] b = bytes(EnvelopeBuilder.signed(e, ALICE));
    assertThatThrownBy(() -> EnvelopeValidator.create().validate(b, NOW))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            x -> {
              assertThat(x.code()).isEqualTo(ErrorCode.PAYLOAD_SCHEMA);
              assertThat(x.msgId()).contains(e.get("msg_id").asText());
            });
  }

  private static ObjectNode defaultPayload() {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("goal", "ask").put("topic", "weather").put("priority", "low");
    return payload;
  }

  private static ObjectNode intent(ObjectNode payload) {
    return intent(payload, NOW);
  }

  private static ObjectNode intent(ObjectNode payload, Instant timestamp) {
    return EnvelopeBuilder.of(Protocol.CIP, "INTENT")
        .msgId(UUID.randomUUID())
        .timestamp(timestamp)
        .sender("alice", ALICE)
        .receiver("bob", BOB.publicKey().fingerprint())
        .payload(payload)
        .sign(ALICE);
  }

  private static byte[] bytes(ObjectNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] filled(int v) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) v);
    return b;
  }
}
