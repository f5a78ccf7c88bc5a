package org.web4.rtt.noise;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * A Curve25519 key pair and the Noise DH function (spec §12.1) from BouncyCastle's RFC 7748 X25519.
 */
public final class Curve25519KeyPair {
  public static final int DHLEN = 32;

  private final byte[] privateKey;
  private final byte[] publicKey;

  private Curve25519KeyPair(byte[] privateKey) {
    this.privateKey = privateKey.clone();
    this.publicKey = new byte[DHLEN];
    X25519.generatePublicKey(this.privateKey, 0, this.publicKey, 0);
  }

  public static Curve25519KeyPair fromPrivate(byte[] privateKey) {
    if (privateKey.length != DHLEN) {
      throw new IllegalArgumentException("a Curve25519 private key is 32 bytes");
    }
    return new Curve25519KeyPair(privateKey);
  }

  public static Curve25519KeyPair generate(SecureRandom random) {
    byte[] k = new byte[DHLEN];
    random.nextBytes(k);
    try {
      return new Curve25519KeyPair(k);
    } finally {
      Arrays.fill(k, (byte) 0);
    }
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * DH(key_pair, public_key). The Noise spec lets an implementation refuse an all-zero result (a
   * low-order public key); we do, so a peer cannot force a known shared secret.
   */
  byte[] dh(byte[] remotePublic) throws NoiseException {
    byte[] out = new byte[DHLEN];
    if (!X25519.calculateAgreement(privateKey, 0, remotePublic, 0, out, 0)) {
      throw new NoiseException(NoiseException.Reason.BAD_KEY, "DH result is all zeros");
    }
    return out;
  }

  public void wipe() {
    Arrays.fill(privateKey, (byte) 0);
  }
}
