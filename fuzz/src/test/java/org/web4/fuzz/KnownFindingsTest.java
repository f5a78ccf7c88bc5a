package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.ProviderException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshake.Step;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * The findings {@link KnownFindings} lets through, one test each: skipped (with the reason) while
 * the finding reproduces, passing once its fix is merged — then delete the entry and this test.
 */
class KnownFindingsTest {

  /** Issue 20 item 1 (perf-zerocopy): an empty transport message is refused with NoiseException. */
  @Test
  void transportMessageShorterThanTheTagIsANoiseException() throws NoiseException {
    CipherState receiver = VectorHandshake.establishedResponderReceiver();
    try {
      receiver.decryptWithAd(new byte[0], new byte[0]);
    } catch (NoiseException refused) {
      return; // fixed
    } catch (ProviderException e) {
      Assumptions.abort("open finding, issue 20 item 1 (perf-zerocopy): " + e);
    }
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
    Step answer;
    try {
      answer = step.get();
    } catch (ProviderException e) {
      Assumptions.abort("open finding, issue 20 item 1 (perf-zerocopy), in the handshake: " + e);
      return;
    }
    assertInstanceOf(Step.Refuse.class, answer);
  }
}
