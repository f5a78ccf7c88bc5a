package org.web4.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An agent's public identity [ENV-ID-001]: the 32 raw bytes of an Ed25519 public key, its base64
 * text ({@code pubkey}, RFC 4648 §4, padded) and its fingerprint (lowercase hex SHA-256 of the raw
 * bytes).
 */
public final class AgentPublicKey {
  /** Keys decoded from text lately; a receiver sees the same few senders again and again. */
  private static final RecentKeys RECENT = new RecentKeys(1024);

  private final byte[] raw;
  private final String base64;
  private final String fingerprint;
  // the decoded point's multiples, built at the first verification; decodeTried is set after them
  private volatile CofactorlessEquation.@Nullable OddMultiples multiples;
  private volatile boolean decodeTried;

  private AgentPublicKey(byte[] raw) {
    if (raw.length != Ed25519Verifier.PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length);
    }
    this.raw = raw.clone();
    this.base64 = Base64.getEncoder().encodeToString(raw);
    this.fingerprint = fingerprintOf(raw);
  }

  public static AgentPublicKey fromRaw(byte[] raw) {
    return new AgentPublicKey(raw);
  }

  /**
   * Decodes {@code pubkey} text, refusing non-canonical base64 (wrong length, missing padding,
   * non-zero unused bits): the text must be exactly what encoding the decoded bytes gives back. A
   * key seen lately is returned as it was decoded then, with its verification multiples.
   */
  public static AgentPublicKey fromBase64(String text) {
    return RECENT.get(text, AgentPublicKey::decodeBase64);
  }

  private static AgentPublicKey decodeBase64(String text) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("pubkey is not base64: " + e.getMessage(), e);
    }
    if (raw.length != Ed25519Verifier.PUBLIC_KEY_SIZE
        || !Base64.getEncoder().encodeToString(raw).equals(text)) {
      throw new IllegalArgumentException("pubkey is not the canonical base64 of 32 bytes");
    }
    return new AgentPublicKey(raw);
  }

  public static String fingerprintOf(byte[] raw) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  public byte[] raw() {
    return raw.clone();
  }

  /** The raw bytes without a copy, for this package's verifier, which does not modify them. */
  byte[] rawView() {
    return raw;
  }

  /**
   * The key decoded (RFC 8032 §5.1.3) with its odd multiples for the verification equation, or null
   * if the encoding does not decode; computed once per key, about half a verification.
   */
  CofactorlessEquation.@Nullable OddMultiples multiples() {
    if (!decodeTried) {
      multiples = CofactorlessEquation.OddMultiples.ofKey(raw);
      decodeTried = true;
    }
    return multiples;
  }

  public String base64() {
    return base64;
  }

  public String fingerprint() {
    return fingerprint;
  }

  /** Verifies with the pinned criteria; see {@link Ed25519Verifier}. */
  public Ed25519Verifier.Outcome verify(byte[] message, byte[] signature) {
    return Ed25519Verifier.verify(this, message, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AgentPublicKey other && Arrays.equals(raw, other.raw);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(raw);
  }

  @Override
  public String toString() {
    return "AgentPublicKey[" + fingerprint + "]";
  }
}
