package org.web4.rtt.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guards of the handshake and transport states, and a long random exchange with fixed seeds.
 */
class HandshakeStateTest {
  private static final byte[] PROLOGUE = "web4-rtt/1.0".getBytes(StandardCharsets.US_ASCII);

  private static HandshakeState side(HandshakeState.Role role, long seed) {
    Random r = new Random(seed);
    byte[] s = new byte[32];
    r.nextBytes(s);
    java.security.SecureRandom fixed;
    try {
      fixed = java.security.SecureRandom.getInstance("SHA1PRNG");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    fixed.setSeed(seed);
    return new HandshakeState(
        NoiseProtocol.RTT, role, PROLOGUE, Curve25519KeyPair.fromPrivate(s), null, null, fixed);
  }

  @Test
  void outOfTurnIsRefused() throws Exception {
    HandshakeState responder = side(HandshakeState.Role.RESPONDER, 2);
    assertThatThrownBy(() -> responder.writeMessage(new byte[0]))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.OUT_OF_TURN));
  }

  @Test
  void aTamperedMessageFailsTheHandshakeForGood() throws Exception {
    HandshakeState initiator = side(HandshakeState.Role.INITIATOR, 1);
    HandshakeState responder = side(HandshakeState.Role.RESPONDER, 2);
    responder.readMessage(initiator.writeMessage(new byte[0]));
    byte[] m2 = responder.writeMessage("hi".getBytes(StandardCharsets.UTF_8));
    m2[40] ^= 1;
    assertThatThrownBy(() -> initiator.readMessage(m2))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.DECRYPT_FAILED));
    assertThatThrownBy(() -> initiator.writeMessage(new byte[0]))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.FAILED));
  }

  @Test
  void truncatedAndOversizedMessagesAreRefused() throws Exception {
    HandshakeState responder = side(HandshakeState.Role.RESPONDER, 2);
    assertThatThrownBy(() -> responder.readMessage(new byte[10]))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.TRUNCATED));
    HandshakeState initiator = side(HandshakeState.Role.INITIATOR, 1);
    assertThatThrownBy(() -> initiator.writeMessage(new byte[65536]))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.MESSAGE_TOO_LONG));
  }

  @Test
  void theLastNonceIsReserved() throws Exception {
    CipherState c = new CipherState(CipherFunction.AESGCM);
    c.initializeKey(new byte[32]);
    c.setNonce(-2L);
    c.encryptWithAd(new byte[0], new byte[1]);
    assertThatThrownBy(() -> c.encryptWithAd(new byte[0], new byte[1]))
        .isInstanceOfSatisfying(
            NoiseException.class,
            e -> assertThat(e.reason()).isEqualTo(NoiseException.Reason.NONCE_EXHAUSTED));
  }

  @Test
  void fullHandshakeThenAHundredMessagesEachWay() throws Exception {
    HandshakeState initiator = side(HandshakeState.Role.INITIATOR, 1);
    HandshakeState responder = side(HandshakeState.Role.RESPONDER, 2);
    responder.readMessage(initiator.writeMessage(new byte[0]));
    initiator.readMessage(responder.writeMessage(new byte[0]));
    responder.readMessage(initiator.writeMessage(new byte[0]));
    assertThat(initiator.isDone()).isTrue();
    assertThat(responder.isDone()).isTrue();
    assertThat(initiator.result().handshakeHash()).isEqualTo(responder.result().handshakeHash());
    assertThat(responder.result().remoteStatic()).isNotNull();
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) {
      byte[] a = new byte[random.nextInt(2000)];
      random.nextBytes(a);
      byte[] c = initiator.result().sender().encryptWithAd(new byte[0], a);
      assertThat(responder.result().receiver().decryptWithAd(new byte[0], c)).isEqualTo(a);
      byte[] b = new byte[random.nextInt(2000)];
      random.nextBytes(b);
      byte[] d = responder.result().sender().encryptWithAd(new byte[0], b);
      assertThat(initiator.result().receiver().decryptWithAd(new byte[0], d)).isEqualTo(b);
    }
  }
}
