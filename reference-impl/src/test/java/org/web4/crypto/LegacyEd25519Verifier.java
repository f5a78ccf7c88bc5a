package org.web4.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.web4.crypto.Ed25519Verifier.Outcome;

/**
 * The pinned verification as the reference decided it before ADR 1101, kept as test-only code so
 * that the one-multiplication {@link Ed25519Verifier} can be compared with it
 * (Ed25519VerifierEquivalenceTest): byte checks with BigInteger, then BouncyCastle's cofactored
 * verify, then a prime-order check of A and R, and the JDK's cofactorless EdDSA for mixed-order
 * inputs.
 */
final class LegacyEd25519Verifier {

  /** L, the order of the prime-order subgroup. */
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** p = 2^255 − 19. */
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  private static final byte[][] SMALL_ORDER =
      Ed25519Verifier.SMALL_ORDER_ENCODINGS.stream()
          .map(HexFormat.of()::parseHex)
          .toArray(byte[][]::new);

  private LegacyEd25519Verifier() {}

  static Outcome verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != Ed25519Verifier.PUBLIC_KEY_SIZE) {
      return Outcome.BAD_LENGTH;
    }
    if (signature.length != Ed25519Verifier.SIGNATURE_SIZE) {
      return Outcome.BAD_LENGTH;
    }
    byte[] r = Arrays.copyOfRange(signature, 0, 32);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    if (littleEndian(s).compareTo(L) >= 0) {
      return Outcome.S_NOT_REDUCED;
    }
    if (!isCanonicalPointEncoding(publicKey)) {
      return Outcome.NON_CANONICAL_A;
    }
    if (!isCanonicalPointEncoding(r)) {
      return Outcome.NON_CANONICAL_R;
    }
    if (isSmallOrder(publicKey)) {
      return Outcome.SMALL_ORDER_A;
    }
    if (isSmallOrder(r)) {
      return Outcome.SMALL_ORDER_R;
    }
    // [ENV-SIG-007] "[S]B = R + [k]A" — cofactorless; see the class comment for how it is decided
    if (!Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length)) {
      return Outcome.EQUATION;
    }
    if (Ed25519.validatePublicKeyFull(publicKey, 0) && Ed25519.validatePublicKeyFull(r, 0)) {
      return Outcome.VALID;
    }
    return JdkEd25519.verify(publicKey, message, signature) ? Outcome.VALID : Outcome.EQUATION;
  }

  /**
   * y &lt; p, and the sign bit is clear when x must be 0 (y = 1 or y = p − 1): RFC 8032 §5.1.3
   * decoding fails for "x = 0 and x_0 = 1".
   */
  static boolean isCanonicalPointEncoding(byte[] encoded) {
    byte[] copy = encoded.clone();
    boolean signBit = (copy[31] & 0x80) != 0;
    copy[31] &= 0x7f;
    BigInteger y = littleEndian(copy);
    if (y.compareTo(P) >= 0) {
      return false;
    }
    boolean xIsZero = y.equals(BigInteger.ONE) || y.equals(P.subtract(BigInteger.ONE));
    return !(xIsZero && signBit);
  }

  static boolean isSmallOrder(byte[] encoded) {
    for (byte[] candidate : SMALL_ORDER) {
      if (Arrays.equals(candidate, encoded)) {
        return true;
      }
    }
    return false;
  }

  static BigInteger littleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }
}
