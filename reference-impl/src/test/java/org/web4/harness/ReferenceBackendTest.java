package org.web4.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.ErrorCode;

class ReferenceBackendTest {
  private final ReferenceBackend backend =
      new ReferenceBackend(
          new HarnessBackend.Implementation("web4-reference", "test"),
          "iut",
          AgentKeyPair.generate(new SecureRandom()),
          Clock.fixed(Instant.parse("2026-01-15T09:31:00Z"), ZoneOffset.UTC));

  private byte[] signedHello() {
    Verdict<HarnessBackend.SignedEnvelope> verdict =
        backend.signEnvelope(
            HexFormat.of().parseHex(HarnessServerTest.SEED),
            HarnessServerTest.HELLO_UNSIGNED.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(verdict).isInstanceOf(Verdict.Valid.class);
    return ((Verdict.Valid<HarnessBackend.SignedEnvelope>) verdict).value().envelope();
  }

  @Test
  void resetClearsTheAgentsReplayMemory() throws Exception {
    byte[] hello = signedHello();
    backend.receive(hello);
    assertThatThrownBy(() -> backend.receive(hello))
        .isInstanceOfSatisfying(
            EnvelopeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY));
    backend.reset();
    assertThat(backend.receive(hello).msgId()).isEqualTo("4f1c2a9e-7b3d-4c5e-9a1f-2b3c4d5e6f70");
  }

  @Test
  void verifyEnvelopeDoesNotTouchTheAgentsReplayMemory() throws Exception {
    byte[] hello = signedHello();
    Instant now = Instant.parse("2026-01-15T09:31:00Z");
    assertThat(backend.verifyEnvelope(List.of(), new HarnessBackend.TimedEnvelope(hello, now)))
        .isEmpty();
    backend.receive(hello); // not remembered by the harness verify above
    assertThat(backend.verifyEnvelope(List.of(), new HarnessBackend.TimedEnvelope(hello, now)))
        .isEmpty();
  }
}
