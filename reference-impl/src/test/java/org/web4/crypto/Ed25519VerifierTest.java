package org.web4.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Ed25519VerifierTest {
  private static final AgentKeyPair KEY = AgentKeyPair.fromSeed(new byte[32]);

  @Test
  void signThenVerifyHolds() {
    qt().withFixedSeed(7L)
        .withExamples(300)
        .forAll(lists().of(integers().between(0, 255)).ofSizeBetween(0, 200))
        .check(
            bytes -> {
              byte[] msg = toBytes(bytes);
              return KEY.publicKey().verify(msg, KEY.sign(msg)) == Ed25519Verifier.Outcome.VALID;
            });
  }

  @Test
  void anySingleBitFlipOfTheSignatureFails() {
    byte[] msg = "web4".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] sig = KEY.sign(msg);
    for (int bit = 0; bit < 512; bit++) {
      byte[] s = sig.clone();
      s[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThat(KEY.publicKey().verify(msg, s))
          .as("bit %d", bit)
          .isNotEqualTo(Ed25519Verifier.Outcome.VALID);
    }
  }

  @Test
  void smallOrderPointsAreRecognisedInRAndA() {
    byte[] msg = new byte[0];
    for (String hex : Ed25519Verifier.SMALL_ORDER_ENCODINGS) {
      byte[] point = HexFormat.of().parseHex(hex);
      byte[] sig = new byte[64];
      System.arraycopy(point, 0, sig, 0, 32);
      assertThat(Ed25519Verifier.verify(KEY.publicKey().raw(), msg, sig))
          .as(hex)
          .isEqualTo(Ed25519Verifier.Outcome.SMALL_ORDER_R);
      assertThat(Ed25519Verifier.verify(point, msg, KEY.sign(msg)))
          .as(hex)
          .isEqualTo(Ed25519Verifier.Outcome.SMALL_ORDER_A);
    }
  }

  @Test
  void nonCanonicalEncodingsAreRefused() {
    // y = p (encodes y = 0 non-canonically) and y = p + 1 (y = 1), and x = 0 with the sign bit set
    byte[] yEqualsP =
        HexFormat.of().parseHex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    byte[] minusZero =
        HexFormat.of().parseHex("0100000000000000000000000000000000000000000000000000000000000080");
    byte[] msg = new byte[0];
    assertThat(Ed25519Verifier.verify(yEqualsP, msg, KEY.sign(msg)))
        .isEqualTo(Ed25519Verifier.Outcome.NON_CANONICAL_A);
    assertThat(Ed25519Verifier.verify(minusZero, msg, KEY.sign(msg)))
        .isEqualTo(Ed25519Verifier.Outcome.NON_CANONICAL_A);
  }

  private static byte[] toBytes(java.util.List<Integer> list) {
    byte[] b = new byte[list.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (int) list.get(i);
    }
    return b;
  }
}
