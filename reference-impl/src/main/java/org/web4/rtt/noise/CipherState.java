package org.web4.rtt.noise;

import java.nio.ByteBuffer;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Noise spec §5.1: a key {@code k} (or none) and a 64-bit nonce {@code n}. Without a key,
 * encryption is the identity (early handshake messages). The nonce 2^64 − 1 is reserved: a state
 * that reaches it refuses to go on.
 */
public final class CipherState {
  private final CipherFunction cipher;
  private byte @Nullable [] k;
  private @Nullable SecretKeySpec keySpec;
  private @Nullable Cipher jdkCipher;
  private long n;

  CipherState(CipherFunction cipher) {
    this.cipher = cipher;
  }

  void initializeKey(byte @Nullable [] key) {
    wipe();
    this.k = key == null ? null : key.clone();
    this.keySpec = key == null ? null : cipher.key(key);
    this.n = 0;
  }

  public boolean hasKey() {
    return k != null;
  }

  /** For tests of nonce exhaustion only. */
  void setNonce(long nonce) {
    this.n = nonce;
  }

  public byte[] encryptWithAd(byte[] ad, byte[] plaintext) throws NoiseException {
    byte[] key = k;
    if (key == null) {
      return plaintext.clone();
    }
    checkNonce();
    byte[] out = cipher.encrypt(jdkCipher(), spec(key), n, ad, plaintext);
    n++;
    return out;
  }

  public byte[] decryptWithAd(byte[] ad, byte[] ciphertext) throws NoiseException {
    byte[] key = k;
    if (key == null) {
      return ciphertext.clone();
    }
    checkNonce();
    byte[] out = cipher.decrypt(jdkCipher(), spec(key), n, ad, ciphertext);
    n++;
    return out;
  }

  /**
   * Encrypts {@code first} ‖ {@code second} into {@code out} without copying either first (the
   * transport: a frame's header and its body, into the socket buffer; docs/adr/1106).
   *
   * @return the bytes written to {@code out}
   */
  public int encryptWithAd(byte[] ad, ByteBuffer first, ByteBuffer second, ByteBuffer out)
      throws NoiseException {
    byte[] key = k;
    if (key == null) {
      int length = first.remaining() + second.remaining();
      out.put(first).put(second);
      return length;
    }
    checkNonce();
    int written = cipher.encrypt(jdkCipher(), spec(key), n, ad, first, second, out);
    n++;
    return written;
  }

  /**
   * Decrypts the remaining bytes of {@code message} in place (the transport: in the socket buffer
   * they arrived in; docs/adr/1106).
   *
   * @return the plaintext, a view of {@code message}'s bytes
   */
  public ByteBuffer decryptInPlace(byte[] ad, ByteBuffer message) throws NoiseException {
    byte[] key = k;
    if (key == null) {
      return message.slice();
    }
    checkNonce();
    ByteBuffer out = cipher.decryptInPlace(jdkCipher(), spec(key), n, ad, message);
    n++;
    return out;
  }

  private Cipher jdkCipher() {
    Cipher c = jdkCipher;
    if (c == null) {
      c = cipher.newCipher();
      jdkCipher = c;
    }
    return c;
  }

  private SecretKeySpec spec(byte[] key) {
    SecretKeySpec s = keySpec;
    return s != null ? s : cipher.key(key);
  }

  private void checkNonce() throws NoiseException {
    if (n == -1L) { // 2^64 − 1 as an unsigned 64-bit value
      throw new NoiseException(NoiseException.Reason.NONCE_EXHAUSTED, "nonce 2^64-1 is reserved");
    }
  }

  /** Forgets the key. */
  public void wipe() {
    byte[] key = k;
    if (key != null) {
      Arrays.fill(key, (byte) 0);
    }
    k = null;
    keySpec = null;
  }
}
