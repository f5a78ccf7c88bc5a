package org.web4.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.jspecify.annotations.Nullable;

/**
 * A point of edwards25519 (−x² + y² = 1 + d·x²·y²) in extended twisted Edwards coordinates (X : Y :
 * Z : T) with x = X/Z, y = Y/Z, x·y = T/Z (Hisil, Wong, Carter, Dawson, "Twisted Edwards Curves
 * Revisited", ASIACRYPT 2008). Decoding, doubling, addition and encoding follow RFC 8032 §5.1.3,
 * §5.1.4 and §5.1.2; every field operation is BouncyCastle's {@link X25519Field} (p = 2^255 − 19).
 *
 * <p>Variable time: it only ever handles public data (keys, signatures). Mutable, not thread-safe;
 * {@link Cached} values are immutable once built and may be shared.
 *
 * <p>Field elements are BouncyCastle's ten signed limbs. Its multiplication accepts a sum or
 * difference of up to three products without a carry; longer sums are carried first.
 */
final class EdwardsPoint {
  /** p = 2^255 − 19. */
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** d = −121665/121666 mod p (RFC 8032 §5.1). */
  private static final int[] D = fieldOf(curveConstantD());

  /** 2·d, the constant of the addition formula. */
  private static final int[] D2 = fieldOf(curveConstantD().shiftLeft(1).mod(P));

  private final int[] x = X25519Field.create();
  private final int[] y = X25519Field.create();
  private final int[] z = X25519Field.create();
  private final int[] t = X25519Field.create();

  // The formulas' intermediate values, reused by every doubling and addition of this point so that
  // a verification allocates nothing per step (a point is used by one thread).
  private final int[] a = X25519Field.create();
  private final int[] b = X25519Field.create();
  private final int[] c = X25519Field.create();
  private final int[] d = X25519Field.create();
  private final int[] e = X25519Field.create();
  private final int[] f = X25519Field.create();
  private final int[] g = X25519Field.create();
  private final int[] h = X25519Field.create();

  /** The neutral element (0, 1). */
  static EdwardsPoint identity() {
    EdwardsPoint p = new EdwardsPoint();
    X25519Field.one(p.y);
    X25519Field.one(p.z);
    return p;
  }

  /**
   * RFC 8032 §5.1.3: recovers x from y and the sign bit, or null if the encoding does not decode (y
   * ≥ p, x² = (y² − 1)/(d·y² + 1) has no root, or x = 0 with the sign bit set).
   */
  static @Nullable EdwardsPoint decode(byte[] encoded) {
    if (!isBelowP(encoded)) {
      return null;
    }
    byte[] yBytes = Arrays.copyOf(encoded, 32);
    boolean signBit = (yBytes[31] & 0x80) != 0;
    yBytes[31] &= 0x7f;
    EdwardsPoint p = new EdwardsPoint();
    X25519Field.decode255(yBytes, p.y);
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(p.y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u); // u = y² − 1
    X25519Field.addOne(v); // v = d·y² + 1
    if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
      return null;
    }
    X25519Field.normalize(p.x);
    if (X25519Field.isZeroVar(p.x) && signBit) {
      return null;
    }
    if (((p.x[0] & 1) != 0) != signBit) {
      X25519Field.negate(p.x, p.x);
    }
    X25519Field.one(p.z);
    X25519Field.mul(p.x, p.y, p.t);
    return p;
  }

  /**
   * The 255-bit integer of the encoding without its sign bit is below p (RFC 8032 §5.1.3 step 1).
   */
  static boolean isBelowP(byte[] encoded) {
    // p = 0x7fff…ffed: only the encodings 0x7fff…ff(ed…ff), with the sign bit either way, are ≥ p
    if ((encoded[31] & 0x7f) != 0x7f) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if (encoded[i] != (byte) 0xff) {
        return true;
      }
    }
    return (encoded[0] & 0xff) < 0xed;
  }

  /** RFC 8032 §5.1.2: y with the low bit of x in the top bit of the last byte. */
  byte[] encode() {
    int[] zInverse = X25519Field.create();
    int[] affineX = X25519Field.create();
    int[] affineY = X25519Field.create();
    X25519Field.invVar(z, zInverse);
    X25519Field.mul(x, zInverse, affineX);
    X25519Field.mul(y, zInverse, affineY);
    X25519Field.normalize(affineX);
    X25519Field.normalize(affineY);
    byte[] out = new byte[32];
    X25519Field.encode(affineY, out, 0);
    out[31] |= (byte) ((affineX[0] & 1) << 7);
    return out;
  }

  /** This point, doubled in place: RFC 8032 §5.1.4, "dbl-2008-hwcd" of Hisil et al. */
  void doubleInPlace() {
    X25519Field.sqr(x, a); // A = X1²
    X25519Field.sqr(y, b); // B = Y1²
    X25519Field.sqr(z, c);
    X25519Field.add(c, c, c); // C = 2·Z1²
    X25519Field.apm(a, b, h, g); // H = A + B, G = A − B
    X25519Field.add(x, y, e);
    X25519Field.sqr(e, e);
    X25519Field.sub(h, e, e); // E = H − (X1 + Y1)²
    X25519Field.carry(e);
    X25519Field.add(c, g, f); // F = C + G
    X25519Field.carry(f);
    X25519Field.mul(e, f, x); // X3 = E·F
    X25519Field.mul(g, h, y); // Y3 = G·H
    X25519Field.mul(e, h, t); // T3 = E·H
    X25519Field.mul(f, g, z); // Z3 = F·G
  }

  /**
   * This point plus (or minus) a cached point, in place: RFC 8032 §5.1.4, "add-2008-hwcd-3" of
   * Hisil et al. Subtracting uses −(x, y) = (−x, y): Y2 + X2 and Y2 − X2 swap and T2 changes sign.
   */
  void add(Cached q, boolean subtract) {
    X25519Field.apm(y, x, b, a); // Y1 + X1, Y1 − X1
    X25519Field.mul(a, subtract ? q.yPlusX : q.yMinusX, a); // A = (Y1 − X1)·(Y2 − X2)
    X25519Field.mul(b, subtract ? q.yMinusX : q.yPlusX, b); // B = (Y1 + X1)·(Y2 + X2)
    X25519Field.mul(t, q.t2d, c); // C = T1·2·d·T2
    X25519Field.mul(z, q.z2, d); // D = Z1·2·Z2
    X25519Field.apm(b, a, h, e); // H = B + A, E = B − A
    if (subtract) {
      X25519Field.apm(d, c, f, g); // F = D − (−C), G = D + (−C)
    } else {
      X25519Field.apm(d, c, g, f); // G = D + C, F = D − C
    }
    X25519Field.mul(e, f, x); // X3 = E·F
    X25519Field.mul(g, h, y); // Y3 = G·H
    X25519Field.mul(e, h, t); // T3 = E·H
    X25519Field.mul(f, g, z); // Z3 = F·G
  }

  /** This point's copy in the form the addition formula consumes. */
  Cached cached() {
    return new Cached(this);
  }

  EdwardsPoint copy() {
    EdwardsPoint p = new EdwardsPoint();
    X25519Field.copy(x, 0, p.x, 0);
    X25519Field.copy(y, 0, p.y, 0);
    X25519Field.copy(z, 0, p.z, 0);
    X25519Field.copy(t, 0, p.t, 0);
    return p;
  }

  /**
   * A point as (Y + X, Y − X, 2·Z, 2·d·T): what the addition formula multiplies by, computed once
   * for a point that is added many times (the entries of a multiples table).
   */
  static final class Cached {
    final int[] yPlusX = X25519Field.create();
    final int[] yMinusX = X25519Field.create();
    final int[] z2 = X25519Field.create();
    final int[] t2d = X25519Field.create();

    private Cached(EdwardsPoint p) {
      X25519Field.apm(p.y, p.x, yPlusX, yMinusX);
      X25519Field.carry(yPlusX);
      X25519Field.carry(yMinusX);
      X25519Field.add(p.z, p.z, z2);
      X25519Field.carry(z2);
      X25519Field.mul(p.t, D2, t2d);
    }
  }

  private static BigInteger curveConstantD() {
    BigInteger numerator = BigInteger.valueOf(-121665).mod(P);
    return numerator.multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
  }

  private static int[] fieldOf(BigInteger value) {
    byte[] littleEndian = new byte[32];
    byte[] bigEndian = value.toByteArray();
    for (int i = 0; i < bigEndian.length && i < 32; i++) {
      littleEndian[i] = bigEndian[bigEndian.length - 1 - i];
    }
    int[] element = X25519Field.create();
    X25519Field.decode255(littleEndian, element);
    return element;
  }
}
