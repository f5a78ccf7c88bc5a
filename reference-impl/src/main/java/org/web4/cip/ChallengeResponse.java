package org.web4.cip;

import java.nio.charset.StandardCharsets;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;

/**
 * The CIP challenge response (spec/cip.md §4.2): the answering agent's Ed25519 signature of {@code
 * L ‖ challenge ‖ challenger's nonce ‖ answerer's nonce}, L being the 32 bytes {@code "web4-cip/1.0
 * challenge response"} and a zero byte.
 */
public final class ChallengeResponse {
  static final byte[] LABEL =
      "web4-cip/1.0 challenge response\0".getBytes(StandardCharsets.US_ASCII);

  private ChallengeResponse() {}

  public static byte[] sign(
      AgentKeyPair answerer, byte[] challenge, byte[] challengerNonce, byte[] answererNonce) {
    return answerer.sign(input(challenge, challengerNonce, answererNonce));
  }

  public static boolean verifies(
      AgentPublicKey answerer,
      byte[] signature,
      byte[] challenge,
      byte[] challengerNonce,
      byte[] answererNonce) {
    return answerer.verify(input(challenge, challengerNonce, answererNonce), signature)
        == Ed25519Verifier.Outcome.VALID;
  }

  /** The 128 signed bytes. */
  public static byte[] input(byte[] challenge, byte[] challengerNonce, byte[] answererNonce) {
    if (challenge.length != 32 || challengerNonce.length != 32 || answererNonce.length != 32) {
      throw new IllegalArgumentException("challenge and nonces are 32 bytes each");
    }
    byte[] out = new byte[LABEL.length + 96];
    System.arraycopy(LABEL, 0, out, 0, 32);
    System.arraycopy(challenge, 0, out, 32, 32);
    System.arraycopy(challengerNonce, 0, out, 64, 32);
    System.arraycopy(answererNonce, 0, out, 96, 32);
    return out;
  }
}
