package org.web4.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.jspecify.annotations.Nullable;

/**
 * [ENV-SIG-007] "[S]B = R + [k]A, cofactorless", decided in one multi-scalar multiplication:
 * compute [S]B − [k]A and compare its encoding with the bytes R (RFC 8032 §5.1.7 step 3, the form
 * that compares encodings). k = SHA-512(R ‖ A ‖ M) mod L (RFC 8032 §5.1.7 step 2).
 *
 * <p>The multiplication is Straus's (Shamir's trick) over width-w non-adjacent forms, with each
 * 253-bit scalar split at bit 128 so that the loop doubles 128 times instead of 253: [S]B = [S_lo]B
 * + [S_hi]([2^128]B) and likewise for A. The odd multiples of B and [2^128]B are computed once per
 * process, those of A and [2^128]A once per key ({@link OddMultiples}, held by {@link
 * AgentPublicKey}).
 *
 * <p>Variable time (public inputs only). Callers have already checked S &lt; L and the encodings.
 */
final class CofactorlessEquation {
  /** L, the order of the prime-order subgroup (RFC 8032 §5.1). */
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** Window of the base point's non-adjacent form: 2^(7−2) = 32 precomputed multiples. */
  private static final int BASE_WINDOW = 7;

  /** Window of a key's non-adjacent form: 2^(5−2) = 8 multiples per key. */
  static final int KEY_WINDOW = 5;

  /** Where each scalar is split: [n]P = [n mod 2^128]P + [n >> 128]([2^128]P). */
  static final int SPLIT = 128;

  /** The standard base point B, RFC 8032 §5.1 (y = 4/5, x even). */
  private static final byte[] BASE_ENCODING =
      HexFormat.of().parseHex("5866666666666666666666666666666666666666666666666666666666666666");

  private static final OddMultiples BASE = baseMultiples();

  private CofactorlessEquation() {}

  /**
   * Whether the encoding of [S]B − [k]A equals R. {@code signature} is R ‖ S with S &lt; L; {@code
   * a} is the decoded key whose encoding is {@code publicKey}.
   */
  static boolean holds(OddMultiples a, byte[] publicKey, byte[] message, byte[] signature) {
    byte[] k = challenge(signature, publicKey, message);
    byte[] s = Arrays.copyOfRange(signature, 32, 64);
    byte[][] digits = {
      nonAdjacentForm(s, 0, SPLIT, BASE_WINDOW),
      nonAdjacentForm(s, SPLIT, 256 - SPLIT, BASE_WINDOW),
      nonAdjacentForm(k, 0, SPLIT, KEY_WINDOW),
      nonAdjacentForm(k, SPLIT, 256 - SPLIT, KEY_WINDOW)
    };
    EdwardsPoint.Cached[][] tables = {BASE.low, BASE.high, a.low, a.high};
    boolean[] subtract = {false, false, true, true};

    int top = -1;
    for (byte[] d : digits) {
      top = Math.max(top, highestNonZero(d));
    }
    EdwardsPoint sum = EdwardsPoint.identity();
    for (int i = top; i >= 0; i--) {
      if (i != top) {
        sum.doubleInPlace();
      }
      for (int j = 0; j < digits.length; j++) {
        int digit = digits[j][i];
        if (digit != 0) {
          // a digit d is odd: table entry (|d| − 1)/2 holds [|d|]P
          sum.add(tables[j][Math.abs(digit) >> 1], subtract[j] ^ (digit < 0));
        }
      }
    }
    byte[] recomputedR = sum.encode();
    return Arrays.equals(recomputedR, 0, 32, signature, 0, 32);
  }

  /** k = SHA-512(R ‖ A ‖ M) mod L, 32 bytes little-endian. */
  private static byte[] challenge(byte[] signature, byte[] publicKey, byte[] message) {
    SHA512Digest sha512 = new SHA512Digest();
    sha512.update(signature, 0, 32);
    sha512.update(publicKey, 0, 32);
    sha512.update(message, 0, message.length);
    byte[] hash = new byte[64];
    sha512.doFinal(hash, 0);
    return toLittleEndian32(fromLittleEndian(hash).mod(L));
  }

  /**
   * The width-{@code window} non-adjacent form of the {@code length} bits of the little-endian
   * {@code scalar} starting at bit {@code from}: digits d_i, each 0 or odd with |d_i| &lt;
   * 2^(window−1), at most one non-zero in any {@code window} consecutive positions, with Σ d_i·2^i
   * equal to those bits' value (Hankerson, Menezes, Vanstone, Guide to ECC, Alg. 3.35).
   */
  static byte[] nonAdjacentForm(byte[] scalar, int from, int length, int window) {
    byte[] digits = new byte[length + window + 1];
    int carry = 0;
    int i = 0;
    while (i < length) {
      if (bit(scalar, from + i, from + length) == carry) {
        i++; // the running value is even here: digit 0, the carry moves on unchanged
        continue;
      }
      int value = carry;
      for (int b = 0; b < window; b++) {
        value += (i + b < length ? bit(scalar, from + i + b, from + length) : 0) << b;
      }
      int digit = value & ((1 << window) - 1);
      carry = digit >> (window - 1); // a digit ≥ 2^(w−1) becomes negative and carries one
      digits[i] = (byte) (digit - (carry << window));
      i += window;
    }
    if (carry != 0) {
      digits[i] = 1;
    }
    return digits;
  }

  private static int bit(byte[] scalar, int index, int end) {
    if (index >= end || index >= scalar.length * 8) {
      return 0;
    }
    return (scalar[index >> 3] >> (index & 7)) & 1;
  }

  private static int highestNonZero(byte[] digits) {
    for (int i = digits.length - 1; i >= 0; i--) {
      if (digits[i] != 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The unsigned value of little-endian {@code bytes}. With {@link #toLittleEndian32}, the only
   * {@link BigInteger} on the verify path: k = SHA-512(…) mod L once per verification (about a
   * microsecond next to the multiplication's ~100; BouncyCastle's reduction, {@code Scalar25519},
   * is package-private — docs/adr/1106).
   */
  static BigInteger fromLittleEndian(byte[] bytes) {
    byte[] bigEndian = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bigEndian[i] = bytes[bytes.length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  /** The 32 little-endian bytes of {@code value} (which is below 2^256). */
  static byte[] toLittleEndian32(BigInteger value) {
    byte[] bigEndian = value.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < bigEndian.length && i < 32; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  private static OddMultiples baseMultiples() {
    EdwardsPoint b = EdwardsPoint.decode(BASE_ENCODING);
    if (b == null) {
      throw new IllegalStateException("the base point's encoding decodes");
    }
    return OddMultiples.of(b, BASE_WINDOW);
  }

  /**
   * The odd multiples [1]P, [3]P, …, [2^(w−1) − 1]P of a point P and of [2^128]P, in the cached
   * form of the addition formula. For a key, built once and kept by its {@link AgentPublicKey}.
   */
  static final class OddMultiples {
    final EdwardsPoint.Cached[] low;
    final EdwardsPoint.Cached[] high;

    private OddMultiples(EdwardsPoint.Cached[] low, EdwardsPoint.Cached[] high) {
      this.low = low;
      this.high = high;
    }

    /** The multiples of a key, or null if its encoding does not decode (RFC 8032 §5.1.3). */
    static @Nullable OddMultiples ofKey(byte[] publicKey) {
      EdwardsPoint a = EdwardsPoint.decode(publicKey);
      return a == null ? null : of(a, KEY_WINDOW);
    }

    static OddMultiples of(EdwardsPoint p, int window) {
      EdwardsPoint shifted = p.copy();
      for (int i = 0; i < SPLIT; i++) {
        shifted.doubleInPlace();
      }
      return new OddMultiples(table(p, window), table(shifted, window));
    }

    private static EdwardsPoint.Cached[] table(EdwardsPoint p, int window) {
      EdwardsPoint.Cached[] multiples = new EdwardsPoint.Cached[1 << (window - 2)];
      EdwardsPoint twice = p.copy();
      twice.doubleInPlace();
      EdwardsPoint.Cached twiceCached = twice.cached();
      EdwardsPoint running = p.copy();
      multiples[0] = running.cached();
      for (int i = 1; i < multiples.length; i++) {
        running.add(twiceCached, false);
        multiples[i] = running.cached();
      }
      return multiples;
    }
  }
}
