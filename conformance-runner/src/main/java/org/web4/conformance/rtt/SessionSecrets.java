package org.web4.conformance.rtt;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session id and binder key of an RTT 1.1 handshake, and the binder of a resume request,
 * written from docs/drafts/rtt-resume.md §2.2 and §4.1 (not from the reference's code: the kit's
 * derivation is an independent one, so that both sides agreeing means something).
 *
 * <pre>
 *   prk          = HKDF-Extract(salt = h, IKM = ck)
 *   session_id   = HKDF-Expand(prk, info = "web4-rtt/1.1 session id",  L = 16)
 *   binder_key   = HKDF-Expand(prk, info = "web4-rtt/1.1 binder key",  L = 32)
 *   binder       = HMAC-SHA256(binder_key, h2)
 * </pre>
 *
 * @param sessionId the 16-byte session id
 * @param binderKey the 32-byte binder key
 */
@SuppressWarnings("ArrayRecordComponent") // test data the tester owns; copies handed out
public record SessionSecrets(byte[] sessionId, byte[] binderKey) {

  /** [RTT-RES-002] the derivation at the end of a resumable connection's handshake. */
  public static SessionSecrets derive(byte[] chainingKey, byte[] handshakeHash) {
    byte[] prk = hmac(handshakeHash, chainingKey); // RFC 5869 §2.2: PRK = HMAC(salt, IKM)
    return new SessionSecrets(
        expand(prk, "web4-rtt/1.1 session id", 16), expand(prk, "web4-rtt/1.1 binder key", 32));
  }

  /** The binder of a request (§4.1): HMAC-SHA256(binder_key, h2). */
  public byte[] binder(byte[] h2) {
    return hmac(binderKey, h2);
  }

  /** RFC 5869 §2.3 for L ≤ 32: T(1) = HMAC(PRK, info | 0x01), truncated. */
  private static byte[] expand(byte[] prk, String info, int length) {
    byte[] in = Arrays.copyOf(info.getBytes(StandardCharsets.US_ASCII), info.length() + 1);
    in[in.length - 1] = 0x01;
    return Arrays.copyOf(hmac(prk, in), length);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
