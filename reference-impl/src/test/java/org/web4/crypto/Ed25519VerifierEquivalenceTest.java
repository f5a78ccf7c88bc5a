package org.web4.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.web4.crypto.Ed25519Verifier.Outcome;

/**
 * The one-multiplication {@link Ed25519Verifier} (ADR 1101) gives the same {@link Outcome} as the
 * decision procedure it replaced ({@link LegacyEd25519Verifier}: BouncyCastle's cofactored verify,
 * a prime-order check, the JDK's EdDSA) on random valid signatures, single-bit corruptions, keys
 * and R values with a small-order component, and small-order R. Each property also counts the
 * outcomes it saw, so that a generator that stopped producing the interesting case fails the test.
 */
class Ed25519VerifierEquivalenceTest {
  private static final BigInteger L = CofactorlessEquation.L;
  private static final List<byte[]> TORSION =
      Ed25519Verifier.SMALL_ORDER_ENCODINGS.stream().map(HexFormat.of()::parseHex).toList();

  private final Map<Outcome, Integer> seen = new EnumMap<>(Outcome.class);

  @Test
  void validSignaturesAgree() {
    qt().withFixedSeed(1101L)
        .withExamples(300)
        .forAll(longs().all(), lists().of(integers().between(0, 255)).ofSizeBetween(0, 100))
        .check((seed, message) -> agree(signed(seed, toBytes(message), 0, 0)));
    assertThat(seen).containsOnlyKeys(Outcome.VALID);
  }

  @Test
  void singleBitCorruptionsAgree() {
    qt().withFixedSeed(1102L)
        .withExamples(400)
        .forAll(longs().all(), integers().between(0, 64 * 8 + 32 * 8 + 8 - 1))
        .check(
            (seed, bit) -> {
              Case c = signed(seed, new byte[] {1, 2, 3}, 0, 0);
              // one bit of R ‖ S, of the key, or of the one-byte-longer message's first byte
              if (bit < 512) {
                c.signature[bit / 8] ^= (byte) (1 << (bit % 8));
              } else if (bit < 512 + 256) {
                c.publicKey[(bit - 512) / 8] ^= (byte) (1 << (bit % 8));
              } else {
                c.message[0] ^= (byte) (1 << (bit % 8));
              }
              return agree(c);
            });
    assertThat(seen).containsKeys(Outcome.EQUATION, Outcome.S_NOT_REDUCED);
  }

  @Test
  void mixedOrderKeysAgree() {
    qt().withFixedSeed(1103L)
        .withExamples(200)
        .forAll(longs().all(), integers().between(1, 7))
        .check((seed, torsion) -> agree(signed(seed, new byte[] {7}, torsion, 0)));
    // cofactorless: valid exactly when [k]T = 0 for the torsion part T of A
    assertThat(seen).containsKeys(Outcome.VALID, Outcome.EQUATION);
  }

  @Test
  void mixedOrderAndSmallOrderRAgree() {
    qt().withFixedSeed(1104L)
        .withExamples(200)
        .forAll(longs().all(), integers().between(1, 7), integers().between(0, 1))
        .check(
            (seed, torsion, smallOrderOnly) -> {
              Case c = signed(seed, new byte[] {9, 9}, 0, torsion);
              if (smallOrderOnly == 1) {
                System.arraycopy(TORSION.get(torsion), 0, c.signature, 0, 32);
              }
              return agree(c);
            });
    // BouncyCastle's cofactored check accepts a mixed-order R; the pinned equation does not
    assertThat(seen).containsOnlyKeys(Outcome.EQUATION, Outcome.SMALL_ORDER_R);
  }

  private boolean agree(Case c) {
    Outcome expected = LegacyEd25519Verifier.verify(c.publicKey, c.message, c.signature);
    Outcome actual = Ed25519Verifier.verify(c.publicKey, c.message, c.signature);
    seen.merge(actual, 1, Integer::sum);
    return expected == actual;
  }

  /**
   * A signature by a key derived from {@code seed}, with the small-order point {@code
   * TORSION[keyT]} added to A and {@code TORSION[rT]} added to R (index 0 is the identity), and S
   * computed for the changed A and R as an honest signer would: S = r + k·a mod L, k = SHA-512(R ‖
   * A ‖ M) mod L.
   */
  private static Case signed(long seed, byte[] message, int keyTorsion, int rTorsion) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] keySeed = new byte[32];
    byte[] nonceSeed = new byte[32];
    random.nextBytes(keySeed);
    random.nextBytes(nonceSeed);
    byte[] publicKey = plusTorsion(publicKeyOf(keySeed), keyTorsion);
    byte[] r = plusTorsion(publicKeyOf(nonceSeed), rTorsion);
    BigInteger k = CofactorlessEquation.fromLittleEndian(sha512(r, publicKey, message)).mod(L);
    BigInteger s = secretScalar(nonceSeed).add(k.multiply(secretScalar(keySeed))).mod(L);
    byte[] signature = new byte[64];
    System.arraycopy(r, 0, signature, 0, 32);
    byte[] sBytes = CofactorlessEquation.toLittleEndian32(s);
    System.arraycopy(sBytes, 0, signature, 32, 32);
    return new Case(publicKey, message.clone(), signature);
  }

  private static byte[] publicKeyOf(byte[] seed) {
    byte[] publicKey = new byte[32];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return publicKey;
  }

  private static byte[] plusTorsion(byte[] encoded, int torsion) {
    if (torsion == 0) {
      return encoded;
    }
    EdwardsPoint p = Objects.requireNonNull(EdwardsPoint.decode(encoded));
    EdwardsPoint t = Objects.requireNonNull(EdwardsPoint.decode(TORSION.get(torsion)));
    p.add(t.cached(), false);
    return p.encode();
  }

  /** RFC 8032 §5.1.5: the clamped first half of SHA-512(seed). */
  private static BigInteger secretScalar(byte[] seed) {
    byte[] h = sha512(seed);
    byte[] a = Arrays.copyOf(h, 32);
    a[0] &= (byte) 248;
    a[31] &= 127;
    a[31] |= 64;
    return CofactorlessEquation.fromLittleEndian(a);
  }

  private static byte[] sha512(byte[]... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-512");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] toBytes(List<Integer> values) {
    byte[] out = new byte[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).byteValue();
    }
    return out;
  }

  /** One verification's inputs, changed in place by the corruption property. */
  private static final class Case {
    final byte[] publicKey;
    final byte[] message;
    final byte[] signature;

    Case(byte[] publicKey, byte[] message, byte[] signature) {
      this.publicKey = publicKey;
      this.message = message;
      this.signature = signature;
    }
  }
}
