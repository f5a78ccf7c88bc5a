package org.web4.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An agent's Ed25519 key pair. The secret is the 32-byte RFC 8032 seed; signing is deterministic
 * [ENV-SIG-003] (pure Ed25519: no context, no prehash). {@link #destroy()} wipes the seed.
 */
public final class AgentKeyPair {
  private final byte[] seed;
  private final AgentPublicKey publicKey;
  private boolean destroyed;

  private AgentKeyPair(byte[] seed) {
    if (seed.length != Ed25519.SECRET_KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes, not " + seed.length);
    }
    this.seed = seed.clone();
    byte[] pub = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(this.seed, 0, pub, 0);
    this.publicKey = AgentPublicKey.fromRaw(pub);
  }

  /** The key pair whose RFC 8032 secret key (seed) is these 32 bytes. */
  public static AgentKeyPair fromSeed(byte[] seed) {
    return new AgentKeyPair(seed);
  }

  public static AgentKeyPair generate(SecureRandom random) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(seed);
    try {
      return new AgentKeyPair(seed);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
  }

  public AgentPublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    checkAlive();
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
    return signature;
  }

  /** The secret seed; callers that persist it are responsible for protecting it. */
  public byte[] seed() {
    checkAlive();
    return seed.clone();
  }

  public void destroy() {
    Arrays.fill(seed, (byte) 0);
    destroyed = true;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("key pair was destroyed");
    }
  }

  @Override
  public String toString() {
    return "AgentKeyPair[" + publicKey.fingerprint() + "]";
  }
}
