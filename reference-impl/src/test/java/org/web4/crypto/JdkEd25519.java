package org.web4.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;

/**
 * The JDK's own EdDSA (SunEC), used only to decide the cofactorless equation for keys or signatures
 * with a small-order component — inputs no honest signer produces. It recomputes R and compares
 * encodings, which is the cofactorless check; it is 8–18× slower than BouncyCastle, hence not the
 * main path.
 */
final class JdkEd25519 {
  private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private JdkEd25519() {}

  static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    byte[] spki = new byte[SPKI_PREFIX.length + publicKey.length];
    System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
    System.arraycopy(publicKey, 0, spki, SPKI_PREFIX.length, publicKey.length);
    try {
      PublicKey key =
          KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
