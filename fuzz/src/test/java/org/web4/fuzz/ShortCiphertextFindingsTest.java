package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshake.Step;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * What fuzzing found (docs/fuzzing.md, issue 20 item 1): a ciphertext shorter than the 16-byte GCM
 * tag made the JDK throw {@code ProviderException: ShortBufferException} out of {@link
 * CipherState#decryptWithAd}; it must be a {@link NoiseException}, and in the handshake a refusal.
 */
class ShortCiphertextFindingsTest {

  /** A transport message of 0 or 15 bytes is refused with NoiseException (on the wire: FRAME). */
  @Test
  void transportMessageShorterThanTheTagIsANoiseException() throws NoiseException {
    CipherState receiver = VectorHandshake.establishedResponderReceiver();
    assertThrows(NoiseException.class, () -> receiver.decryptWithAd(new byte[0], new byte[0]));
    assertThrows(NoiseException.class, () -> receiver.decryptWithAd(new byte[0], new byte[15]));
  }

  /**
   * The same finding in the handshake, found by {@code
   * NoiseMessageFuzzTest#responderReadsMessage3}: a message 3 of 60 bytes (s: 48, payload: 12 < 16)
   * must be refused, not throw.
   */
  @Test
  void handshakeMessage3WithAPayloadShorterThanTheTagIsRefused() {
    RttHandshake.Steps bob = VectorHandshake.responder();
    bob.onMessage(VectorHandshake.HEX.parseHex(MESSAGE_1));
    byte[] message3 =
        VectorHandshake.HEX.parseHex(
            "891237beeeb2f63b924410edc47fa86b04bded3ab52e4ff54da3bd716f799ba0"
                + "6d7e2a8abc0ec452bdcb0cc84e6bf014b18a5bffffffffffffc04a91");
    assertRefused(() -> bob.onMessage(message3));
  }

  /**
   * Found by {@code NoiseMessageFuzzTest#initiatorReadsMessage2}: a message 2 of 87 bytes (e: 32,
   * s: 48, payload: 7 < 16) must be refused, not throw.
   */
  @Test
  void handshakeMessage2WithAPayloadShorterThanTheTagIsRefused() throws NoiseException {
    RttHandshake.Initiator alice = VectorHandshake.initiator();
    alice.firstMessage();
    byte[] message2 =
        VectorHandshake.HEX.parseHex(
            "a27efa70c6807a2d3b82f17b108773cb2fcc115c13c8ce2d597e13a5105cd47d"
                + "2d8fec07f788b1ea214c57d4c22dba87b742cc0a7e85a3c43625e9daaa5021eb"
                + "b5d94dd6b7f26213d1e2ac95e493f60459a27ec036fa70");
    assertRefused(() -> alice.onMessage(message2));
  }

  private static final String MESSAGE_1 =
      "5f5f87edf9af099d769c2814c0463c2fa958e60110130fc3f4f171f5af864141";

  private static void assertRefused(java.util.function.Supplier<Step> step) {
    assertInstanceOf(Step.Refuse.class, step.get());
  }
}
