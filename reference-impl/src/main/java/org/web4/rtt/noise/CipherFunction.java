package org.web4.rtt.noise;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
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
  AESGCM("AESGCM") {
    @Override
    byte[] apply(int mode, byte[] key, long n, byte[] ad, byte[] input)
        throws GeneralSecurityException {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      byte[] nonce =
          ByteBuffer.allocate(12).order(ByteOrder.BIG_ENDIAN).putInt(0).putLong(n).array();
      c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(ad);
      return c.doFinal(input);
    }
  },
  CHACHAPOLY("ChaChaPoly") {
    @Override
    byte[] apply(int mode, byte[] key, long n, byte[] ad, byte[] input)
        throws GeneralSecurityException {
      Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
      byte[] nonce =
          ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putInt(0).putLong(n).array();
      c.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
      c.updateAAD(ad);
      return c.doFinal(input);
    }
  };

  public static final int TAG_LENGTH = 16;

  private final String noiseName;

  CipherFunction(String noiseName) {
    this.noiseName = noiseName;
  }

  /** The name in a Noise protocol name, e.g. {@code AESGCM}. */
  public String noiseName() {
    return noiseName;
  }

  abstract byte[] apply(int mode, byte[] key, long n, byte[] ad, byte[] input)
      throws GeneralSecurityException;

  byte[] encrypt(byte[] key, long n, byte[] ad, byte[] plaintext) {
    try {
      return apply(Cipher.ENCRYPT_MODE, key, n, ad, plaintext);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK's " + noiseName + " failed to encrypt", e);
    }
  }

  byte[] decrypt(byte[] key, long n, byte[] ad, byte[] ciphertext) throws NoiseException {
    try {
      return apply(Cipher.DECRYPT_MODE, key, n, ad, ciphertext);
    } catch (AEADBadTagException e) {
      throw new NoiseException(NoiseException.Reason.DECRYPT_FAILED, "authentication failed");
    } catch (GeneralSecurityException e) {
      throw new NoiseException(
          NoiseException.Reason.DECRYPT_FAILED, String.valueOf(e.getMessage()));
    }
  }
}
