package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.ValidatedEnvelope;

/**
 * The envelope validator (spec/envelope.md, the ten steps of [ENV-ERR-001]): any bytes are either a
 * validated envelope or refused with {@link EnvelopeException} and its code; nothing else escapes.
 * An accepted envelope, validated a second time by the same receiver, is a REPLAY [ENV-RPL-001].
 */
class EnvelopeFuzzTest {
  /** The receiver clock of the vectors (envelope_test.json). */
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @FuzzTest
  @DictionaryFile(resourcePath = "/org/web4/fuzz/json.dict")
  void validate(byte[] envelope) {
    EnvelopeValidator receiver = EnvelopeValidator.create();
    ValidatedEnvelope accepted;
    try {
      accepted = receiver.validate(envelope, NOW);
    } catch (EnvelopeException refused) {
      return;
    }
    EnvelopeException replay =
        assertThrows(EnvelopeException.class, () -> receiver.validate(envelope, NOW));
    assertEquals(ErrorCode.REPLAY, replay.code(), "second delivery of " + accepted.msgId());
  }
}
