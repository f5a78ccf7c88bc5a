package org.web4.rtt.noise;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Noise spec §5.2 with SHA-256 (§12.5): the chaining key {@code ck}, the handshake hash {@code h}
 * and a {@link CipherState}. HKDF is HMAC-SHA256 per the spec's §4.3.
 */
final class SymmetricState {
  static final int HASHLEN = 32;

  private final CipherFunction cipher;
  private final CipherState cipherState;
  private byte[] ck;
  private byte[] h;

  SymmetricState(CipherFunction cipher, String protocolName) {
    this.cipher = cipher;
    this.cipherState = new CipherState(cipher);
    byte[] name = protocolName.getBytes(StandardCharsets.US_ASCII);
    this.h = name.length <= HASHLEN ? Arrays.copyOf(name, HASHLEN) : hash(name);
    this.ck = h.clone();
  }

  void mixKey(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm, 2);
    ck = out[0];
    cipherState.initializeKey(out[1]);
  }

  void mixHash(byte[] data) {
    h = hash(concat(h, data));
  }

  void mixKeyAndHash(byte[] ikm) {
    byte[][] out = hkdf(ck, ikm, 3);
    ck = out[0];
    mixHash(out[1]);
    cipherState.initializeKey(out[2]);
  }

  byte[] handshakeHash() {
    return h.clone();
  }

  /** A copy of the chaining key {@code ck} (RTT 1.1 session keys read it before {@link #split}). */
  byte[] chainingKey() {
    return ck.clone();
  }

  boolean hasKey() {
    return cipherState.hasKey();
  }

  byte[] encryptAndHash(byte[] plaintext) throws NoiseException {
    byte[] c = cipherState.encryptWithAd(h, plaintext);
    mixHash(c);
    return c;
  }

  byte[] decryptAndHash(byte[] ciphertext) throws NoiseException {
    byte[] p = cipherState.decryptWithAd(h, ciphertext);
    mixHash(ciphertext);
    return p;
  }

  /** The two transport cipher states: the first for initiator → responder. */
  CipherState[] split() {
    byte[][] out = hkdf(ck, new byte[0], 2);
    CipherState c1 = new CipherState(cipher);
    CipherState c2 = new CipherState(cipher);
    c1.initializeKey(out[0]);
    c2.initializeKey(out[1]);
    wipe();
    return new CipherState[] {c1, c2};
  }

  void wipe() {
    Arrays.fill(ck, (byte) 0);
    cipherState.wipe();
  }

  static byte[] hash(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HKDF(chaining_key, input_key_material, num_outputs) of the Noise spec §4.3. */
  static byte[][] hkdf(byte[] chainingKey, byte[] ikm, int outputs) {
    byte[] tempKey = hmac(chainingKey, ikm);
    byte[][] out = new byte[outputs][];
    byte[] previous = new byte[0];
    for (int i = 0; i < outputs; i++) {
      previous = hmac(tempKey, concat(previous, new byte[] {(byte) (i + 1)}));
      out[i] = previous;
    }
    Arrays.fill(tempKey, (byte) 0);
    return out;
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
