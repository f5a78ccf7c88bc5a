package org.web4.bench;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The cryptography a connection cannot do without, timed in this run with bare BouncyCastle on one
 * thread: the floors the 1,000-connection figures are compared with.
 *
 * <ul>
 *   <li>An RTT handshake, both sides: 8 X25519 operations (each side generates an ephemeral key and
 *       computes ee, es and se in Noise XX) and 2 Ed25519 signatures and 2 verifications (the
 *       identity payloads) — the same bound as the micro benchmark's.
 *   <li>An INTENT round trip: 2 signatures and 2 verifications (the INTENT and its answer).
 * </ul>
 *
 * @param x25519PerSecond X25519 scalar multiplications per second
 * @param signPerSecond Ed25519 signatures per second (a 1 KiB message)
 * @param verifyPerSecond Ed25519 verifications per second (a 1 KiB message)
 */
record CryptoFloor(double x25519PerSecond, double signPerSecond, double verifyPerSecond) {

  /** Times {@code count} of each operation after as many untimed ones (JIT warm-up). */
  static CryptoFloor measure(int count) {
    SecureRandom random = new SecureRandom();
    byte[] scalar = new byte[X25519.SCALAR_SIZE];
    byte[] point = new byte[X25519.POINT_SIZE];
    X25519.generatePrivateKey(random, scalar);
    X25519.generatePublicKey(scalar, 0, point, 0);
    byte[] shared = new byte[X25519.POINT_SIZE];
    byte[] sk = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(sk);
    byte[] pk = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(sk, 0, pk, 0);
    byte[] message = Fixtures.bytes(1024, 4);
    byte[] sig = new byte[Ed25519.SIGNATURE_SIZE];
    double[] rates = new double[3];
    for (int pass = 0; pass < 2; pass++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        X25519.scalarMult(scalar, 0, point, 0, shared, 0);
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        Ed25519.sign(sk, 0, message, 0, message.length, sig, 0);
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        if (!Ed25519.verify(sig, 0, pk, 0, message, 0, message.length)) {
          throw new IllegalStateException("a valid signature did not verify");
        }
      }
      long t3 = System.nanoTime();
      rates[0] = count / ((t1 - t0) / 1e9);
      rates[1] = count / ((t2 - t1) / 1e9);
      rates[2] = count / ((t3 - t2) / 1e9);
    }
    return new CryptoFloor(rates[0], rates[1], rates[2]);
  }

  /** Handshakes per second (both sides) if the handshake did nothing but its cryptography. */
  double handshakesPerSecond() {
    return 1 / (8 / x25519PerSecond + 2 / signPerSecond + 2 / verifyPerSecond);
  }

  /** Microseconds of cryptography in one INTENT → INTENT_RESPONSE round trip. */
  double intentMicros() {
    return 1e6 * (2 / signPerSecond + 2 / verifyPerSecond);
  }
}
