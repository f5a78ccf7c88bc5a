package org.web4.rtt.resume;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session id and binder key an RTT 1.1 handshake gives (docs/drafts/rtt-resume.md §2.2,
 * RTT-RES-002), from the final chaining key {@code ck} and handshake hash {@code h} of the Noise
 * {@code SymmetricState}, with HKDF-SHA256 exactly as RFC 5869:
 *
 * <pre>
 *   prk        = HKDF-Extract(salt = h, IKM = ck)
 *   session_id = HKDF-Expand(prk, info = "web4-rtt/1.1 session id", L = 16)
 *   binder_key = HKDF-Expand(prk, info = "web4-rtt/1.1 binder key", L = 32)
 * </pre>
 *
 * <p>Both outputs are at most one SHA-256 block, so HKDF-Expand is one HMAC: {@code T(1) =
 * HMAC(prk, info || 0x01)}, truncated to L.
 */
public final class SessionKeys {
  public static final int SESSION_ID_LENGTH = 16;
  public static final int BINDER_KEY_LENGTH = 32;
  public static final int BINDER_LENGTH = 32;

  static final byte[] SESSION_ID_INFO =
      "web4-rtt/1.1 session id".getBytes(StandardCharsets.US_ASCII);
  static final byte[] BINDER_KEY_INFO =
      "web4-rtt/1.1 binder key".getBytes(StandardCharsets.US_ASCII);

  private final byte[] sessionId;
  private final byte[] binderKey;

  private SessionKeys(byte[] sessionId, byte[] binderKey) {
    this.sessionId = sessionId;
    this.binderKey = binderKey;
  }

  /** [RTT-RES-002] the keys of a resumable handshake, from its final {@code ck} and {@code h}. */
  public static SessionKeys derive(byte[] chainingKey, byte[] handshakeHash) {
    if (chainingKey.length != 32 || handshakeHash.length != 32) {
      throw new IllegalArgumentException("ck and h are 32 bytes");
    }
    byte[] prk = hmac(handshakeHash, chainingKey); // HKDF-Extract(salt = h, IKM = ck)
    try {
      return new SessionKeys(
          expand(prk, SESSION_ID_INFO, SESSION_ID_LENGTH),
          expand(prk, BINDER_KEY_INFO, BINDER_KEY_LENGTH));
    } finally {
      Arrays.fill(prk, (byte) 0);
    }
  }

  /** Keys known already (a session's current ones, read back from a vector). */
  public static SessionKeys of(byte[] sessionId, byte[] binderKey) {
    if (sessionId.length != SESSION_ID_LENGTH || binderKey.length != BINDER_KEY_LENGTH) {
      throw new IllegalArgumentException("a session id is 16 bytes, a binder key 32");
    }
    return new SessionKeys(sessionId.clone(), binderKey.clone());
  }

  /** The pseudorandom key of HKDF-Extract, for the vectors. */
  public static byte[] extract(byte[] chainingKey, byte[] handshakeHash) {
    return hmac(handshakeHash, chainingKey);
  }

  /** The 16-byte session id. */
  public byte[] sessionId() {
    return sessionId.clone();
  }

  /** The session id as a map key. */
  public SessionId id() {
    return new SessionId(sessionId);
  }

  /** The 32-byte binder key. */
  public byte[] binderKey() {
    return binderKey.clone();
  }

  /**
   * [RTT-RES-004] the binder of a resume request: {@code HMAC-SHA256(binder_key, h2)}, {@code h2}
   * being the new handshake's hash after message 2.
   */
  public byte[] binder(byte[] h2) {
    return hmac(binderKey, h2);
  }

  /** [RTT-RES-006] row R4: whether {@code binder} is this key's binder over {@code h2}. */
  public boolean verifies(byte[] h2, byte[] binder) {
    return MessageDigest.isEqual(binder(h2), binder); // constant time
  }

  private static byte[] expand(byte[] prk, byte[] info, int length) {
    byte[] t = new byte[info.length + 1];
    System.arraycopy(info, 0, t, 0, info.length);
    t[info.length] = 1;
    return Arrays.copyOf(hmac(prk, t), length);
  }

  static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
