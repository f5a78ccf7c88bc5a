package org.web4.rtt.noise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The Noise cipher functions (Noise spec §12.2, §12.3), both from the JDK: AES-256-GCM, whose
 * 96-bit nonce is 32 zero bits then the counter big-endian; and ChaCha20-Poly1305, whose nonce is
 * 32 zero bits then the counter little-endian. Tags are 16 bytes.
 */
public enum CipherFunction {
  AESGCM("AESGCM", "AES/GCM/NoPadding", "AES") {
    @Override
    AlgorithmParameterSpec nonce(long n) {
      return new GCMParameterSpec(
          128, ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putInt(0).putLong(n).array());
    }
  },
  CHACHAPOLY("ChaChaPoly", "ChaCha20-Poly1305", "ChaCha20") {
    @Override
    AlgorithmParameterSpec nonce(long n) {
      return new IvParameterSpec(
          ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putLong(n).array());
    }
  };

  public static final int TAG_LENGTH = 16;

  private final String noiseName;
  private final String transformation;
  private final String keyAlgorithm;

  CipherFunction(String noiseName, String transformation, String keyAlgorithm) {
    this.noiseName = noiseName;
    this.transformation = transformation;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** The name in a Noise protocol name, e.g. {@code AESGCM}. */
  public String noiseName() {
    return noiseName;
  }

  /** The 96-bit nonce of counter {@code n} in this cipher's layout. */
  abstract AlgorithmParameterSpec nonce(long n);

  /**
   * A JDK cipher for one {@link CipherState}: looking a cipher up is the expensive part of a small
   * message, so a cipher state keeps its own (a state is used by one thread at a time, and never
   * repeats a nonce, so the JDK's GCM nonce-reuse guard is never in the way).
   */
  Cipher newCipher() {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + transformation, e);
    }
  }

  SecretKeySpec key(byte[] key) {
    return new SecretKeySpec(key, keyAlgorithm);
  }

  private static byte[] apply(
      Cipher c, int mode, SecretKeySpec key, AlgorithmParameterSpec nonce, byte[] ad, byte[] input)
      throws GeneralSecurityException {
    c.init(mode, key, nonce);
    c.updateAAD(ad);
    return c.doFinal(input);
  }

  byte[] encrypt(Cipher c, SecretKeySpec key, long n, byte[] ad, byte[] plaintext) {
    try {
      return apply(c, Cipher.ENCRYPT_MODE, key, nonce(n), ad, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's " + noiseName + " failed to encrypt", e);
    }
  }

  /**
   * Encrypts {@code first} then {@code second} as one plaintext into {@code out}: both are copied
   * into {@code out} one after the other, and encrypted there in place (docs/adr/1429). The JDK 17
   * provider's AES-GCM is 2–3× slower on a read-only input (a transport frame's body is a read-only
   * view) and about 30 % slower when the plaintext comes in two calls (an 8-byte header, then the
   * body) than on one writable plaintext; the copy costs a twentieth of the encryption.
   *
   * @return the bytes written: both lengths plus the tag
   */
  int encrypt(
      Cipher c,
      SecretKeySpec key,
      long n,
      byte[] ad,
      ByteBuffer first,
      ByteBuffer second,
      ByteBuffer out) {
    int start = out.position();
    int length = first.remaining() + second.remaining();
    out.put(first).put(second);
    ByteBuffer plaintext = out.duplicate().limit(start + length).position(start);
    ByteBuffer ciphertext = out.duplicate().position(start);
    try {
      c.init(Cipher.ENCRYPT_MODE, key, nonce(n));
      c.updateAAD(ad);
      int written = c.doFinal(plaintext, ciphertext);
      out.position(start + written);
      return written;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's " + noiseName + " failed to encrypt", e);
    }
  }

  /**
   * Decrypts the remaining bytes of {@code message} where they are: the plaintext overwrites the
   * ciphertext from its first byte.
   *
   * @return the plaintext, a view of {@code message}'s bytes (its length: the message's minus the
   *     tag)
   */
  ByteBuffer decryptInPlace(Cipher c, SecretKeySpec key, long n, byte[] ad, ByteBuffer message)
      throws NoiseException {
    requireTag(message.remaining());
    ByteBuffer plaintext = message.slice();
    try {
      c.init(Cipher.DECRYPT_MODE, key, nonce(n));
      c.updateAAD(ad);
      int length = c.doFinal(message.duplicate(), plaintext.duplicate());
      return plaintext.limit(length);
    } catch (AEADBadTagException e) {
      throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "authentication failed");
    } catch (GeneralSecurityException e) {
      throw new NoiseException(
          NoiseException.Reason.DECRYPT_FAILED, String.valueOf(e.getMessage()));
    }
  }

  /**
   * A ciphertext shorter than the tag cannot be authenticated: it fails as a forged one would,
   * before the JDK sees it (which would throw an unchecked {@code ShortBufferException}; issue 20).
   */
  private static void requireTag(int ciphertextLength) throws NoiseException {
    if (ciphertextLength < TAG_LENGTH) {
      throw new NoiseException(
          NoiseException.Reason.DECRYPT_FAILED,
          "a ciphertext of " + ciphertextLength + " bytes is shorter than the 16-byte tag");
    }
  }

  byte[] decrypt(Cipher c, SecretKeySpec key, long n, byte[] ad, byte[] ciphertext)
      throws NoiseException {
    requireTag(ciphertext.length);
    try {
      return apply(c, Cipher.DECRYPT_MODE, key, nonce(n), ad, ciphertext);
    } catch (AEADBadTagException e) {
      throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "authentication failed");
    } catch (GeneralSecurityException e) {
      throw new NoiseException(
          NoiseException.Reason.DECRYPT_FAILED, String.valueOf(e.getMessage()));
    }
  }
}
