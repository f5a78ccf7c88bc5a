package org.web4.crypto;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Ed25519 verification with the criteria pinned by spec/envelope.md, because Ed25519 libraries
 * disagree on edge cases and a conformance kit must not (ADR 0003, ADR 1101). The checks run in
 * this order, and the first that fails names the {@link Outcome}:
 *
 * <ol>
 *   <li>[ENV-SIG-004] "reject S ≥ L" — on the bytes of S;
 *   <li>[ENV-SIG-005] "reject non-canonical encodings of A or R (y ≥ p) and encodings that do not
 *       decode" — y ≥ p and "x = 0 with the sign bit set" on the bytes; an A that does not decode
 *       fails the equation (as it always has), and an R that does not decode can never equal the
 *       encoding it is compared with;
 *   <li>[ENV-SIG-006] "reject A or R of small order" — against the eight encodings;
 *   <li>[ENV-SIG-007] "[S]B = R + [k]A, cofactorless" — {@link CofactorlessEquation}: one
 *       multi-scalar multiplication [S]B − [k]A, its encoding compared with R. A is decoded once
 *       per {@link AgentPublicKey}.
 * </ol>
 *
 * <p>Thread-safe and stateless.
 */
public final class Ed25519Verifier {

  /** Why a signature was refused; all of them are SIGNATURE_MISMATCH on the wire. */
  public enum Outcome {
    VALID,
    BAD_LENGTH,
    S_NOT_REDUCED,
    NON_CANONICAL_A,
    NON_CANONICAL_R,
    SMALL_ORDER_A,
    SMALL_ORDER_R,
    EQUATION
  }

  public static final int PUBLIC_KEY_SIZE = 32;
  public static final int SIGNATURE_SIZE = 64;

  /** L, the order of the prime-order subgroup, little-endian (RFC 8032 §5.1). */
  private static final byte[] L_LITTLE_ENDIAN =
      HexFormat.of().parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");

  /**
   * The canonical encodings of the eight points of small order (the torsion subgroup of
   * edwards25519), as listed in spec/envelope.md.
   */
  public static final List<String> SMALL_ORDER_ENCODINGS =
      List.of(
          "0100000000000000000000000000000000000000000000000000000000000000",
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
          "0000000000000000000000000000000000000000000000000000000000000000",
          "0000000000000000000000000000000000000000000000000000000000000080",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");

  private static final byte[][] SMALL_ORDER =
      SMALL_ORDER_ENCODINGS.stream().map(HexFormat.of()::parseHex).toArray(byte[][]::new);

  /** The encodings of y = 1 and y = p − 1 without the sign bit: the points with x = 0. */
  private static final byte[] Y_ONE = SMALL_ORDER[0];

  private static final byte[] Y_P_MINUS_ONE = SMALL_ORDER[1];

  private Ed25519Verifier() {}

  public static boolean isValid(byte[] publicKey, byte[] message, byte[] signature) {
    return verify(publicKey, message, signature) == Outcome.VALID;
  }

  public static Outcome verify(byte[] publicKey, byte[] message, byte[] signature) {
    if (publicKey.length != PUBLIC_KEY_SIZE) {
      return Outcome.BAD_LENGTH;
    }
    return verify(AgentPublicKey.fromRaw(publicKey), message, signature);
  }

  /** Verifies with a key whose decoding is cached. */
  public static Outcome verify(AgentPublicKey key, byte[] message, byte[] signature) {
    byte[] publicKey = key.rawView();
    if (signature.length != SIGNATURE_SIZE) {
      return Outcome.BAD_LENGTH;
    }
    if (!isScalarReduced(signature)) {
      return Outcome.S_NOT_REDUCED;
    }
    if (!isCanonicalPointEncoding(publicKey, 0)) {
      return Outcome.NON_CANONICAL_A;
    }
    if (!isCanonicalPointEncoding(signature, 0)) {
      return Outcome.NON_CANONICAL_R;
    }
    if (isSmallOrder(publicKey, 0)) {
      return Outcome.SMALL_ORDER_A;
    }
    if (isSmallOrder(signature, 0)) {
      return Outcome.SMALL_ORDER_R;
    }
    CofactorlessEquation.OddMultiples a = key.multiples();
    if (a == null || !CofactorlessEquation.holds(a, publicKey, message, signature)) {
      return Outcome.EQUATION;
    }
    return Outcome.VALID;
  }

  /** [ENV-SIG-004] S, the second half of the signature read little-endian, is below L. */
  static boolean isScalarReduced(byte[] signature) {
    for (int i = 31; i >= 0; i--) {
      int s = signature[32 + i] & 0xff;
      int l = L_LITTLE_ENDIAN[i] & 0xff;
      if (s != l) {
        return s < l;
      }
    }
    return false; // S = L
  }

  /**
   * [ENV-SIG-005] y &lt; p, and the sign bit is clear when x must be 0 (y = 1 or y = p − 1): RFC
   * 8032 §5.1.3 decoding fails for "x = 0 and x_0 = 1".
   */
  static boolean isCanonicalPointEncoding(byte[] bytes, int offset) {
    byte[] encoded = Arrays.copyOfRange(bytes, offset, offset + 32);
    if (!EdwardsPoint.isBelowP(encoded)) {
      return false;
    }
    if ((encoded[31] & 0x80) == 0) {
      return true;
    }
    encoded[31] &= 0x7f;
    return !Arrays.equals(encoded, Y_ONE) && !Arrays.equals(encoded, Y_P_MINUS_ONE);
  }

  /** [ENV-SIG-006] The 32 bytes at {@code offset} are one of the eight small-order encodings. */
  static boolean isSmallOrder(byte[] bytes, int offset) {
    for (byte[] candidate : SMALL_ORDER) {
      if (Arrays.equals(candidate, 0, 32, bytes, offset, offset + 32)) {
        return true;
      }
    }
    return false;
  }
}
