package org.web4.vectors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import org.web4.crypto.AgentKeyPair;

/**
 * Deterministic keys and identifiers, so that anyone can regenerate every vector: the seed of the
 * key named N is SHA-256("web4-kit/vectors/key/" + N); the n-th msg_id is the first 16 bytes of
 * SHA-256("web4-kit/vectors/msg/" + n) with the RFC 9562 version (4) and variant (10) bits set.
 */
public final class VectorKeys {
  private VectorKeys() {}

  public static AgentKeyPair key(String name) {
    return AgentKeyPair.fromSeed(sha256("web4-kit/vectors/key/" + name));
  }

  public static String seedText(String name) {
    return "SHA-256(\"web4-kit/vectors/key/" + name + "\")";
  }

  public static UUID msgId(int n) {
    byte[] h = sha256("web4-kit/vectors/msg/" + n);
    h[6] = (byte) ((h[6] & 0x0f) | 0x40);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    long hi = 0;
    long lo = 0;
    for (int i = 0; i < 8; i++) {
      hi = (hi << 8) | (h[i] & 0xff);
      lo = (lo << 8) | (h[i + 8] & 0xff);
    }
    return new UUID(hi, lo);
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
