package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshake.Step;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * The Noise message reader of the RTT handshake (spec/rtt.md §3) at each point where a peer's
 * message arrives: the handshake state machine answers every message with a {@link Step} (send,
 * done or refuse) and never throws; after the handshake a transport message either decrypts or is
 * refused with {@link NoiseException}, and a decrypted one is a frame or a {@link FrameException}
 * (on the wire: ERROR FRAME, RTT-FR-004). Each target replays vector case 1 up to its point, so the
 * vector's message is a seed that authenticates and the fuzzer mutates from there.
 */
class NoiseMessageFuzzTest {
  private static final byte[] MESSAGE_1 =
      VectorHandshake.HEX.parseHex(
          "5f5f87edf9af099d769c2814c0463c2fa958e60110130fc3f4f171f5af864141");

  /** The responder reads message 1 (→ e). */
  @FuzzTest
  void responderReadsMessage1(byte[] message) {
    Step step = VectorHandshake.responder().onMessage(message);
    assertNotNull(step);
    if (Arrays.equals(message, MESSAGE_1)) {
      assertInstanceOf(Step.Send.class, step, "the vector's message 1 is answered");
    }
  }

  /** The initiator reads message 2 (← e, ee, s, es, identity payload). */
  @FuzzTest
  void initiatorReadsMessage2(byte[] message) throws NoiseException {
    RttHandshake.Initiator alice = VectorHandshake.initiator();
    assertArrayEquals(MESSAGE_1, alice.firstMessage(), "replays the vector");
    assertNotNull(alice.onMessage(message));
  }

  /** The responder reads message 3 (→ s, se, identity payload). */
  @FuzzTest
  void responderReadsMessage3(byte[] message) {
    RttHandshake.Steps bob = VectorHandshake.responder();
    assertInstanceOf(Step.Send.class, bob.onMessage(MESSAGE_1));
    assertNotNull(bob.onMessage(message));
  }

  /** The initiator reads the responder's frame 0, the confirmation [RTT-HS-008]. */
  @FuzzTest
  void initiatorReadsFrame0(byte[] message) throws NoiseException {
    VectorHandshake.AfterMessage3 done = VectorHandshake.afterMessage3();
    assertNotNull(done.alice().onMessage(message));
  }

  /**
   * The responder reads a transport message of the initiator once both sides are established. The
   * receiver at nonce 0 is reused while inputs fail to decrypt (a failure leaves the cipher state
   * as it was), so each input meets the same state without a handshake per input.
   */
  @FuzzTest
  void responderReadsTransport(byte[] message) throws NoiseException {
    CipherState receiver =
        atNonce0 != null ? atNonce0 : VectorHandshake.establishedResponderReceiver();
    atNonce0 = null;
    byte[] plaintext;
    try {
      plaintext = receiver.decryptWithAd(new byte[0], message);
    } catch (NoiseException refused) {
      atNonce0 = receiver;
      return;
    }
    try {
      FrameCodec.decode(plaintext);
    } catch (FrameException refused) {
      // on the wire: ERROR FRAME and a close
    }
  }

  /** A receiver at nonce 0 that no input has moved yet. */
  private static @Nullable CipherState atNonce0;
}
