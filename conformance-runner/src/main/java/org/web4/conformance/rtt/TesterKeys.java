package org.web4.conformance.rtt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.noise.Curve25519KeyPair;

/**
 * The long-term keys of a named tester peer: SHA-256("web4-conformance/" + label + "/" + seed), so
 * that they follow from the run's seed (a step can know a peer's fingerprint before it connects).
 */
final class TesterKeys {
  private TesterKeys() {}

  static AgentKeyPair identity(String name, long seed) {
    return AgentKeyPair.fromSeed(derive("tester-identity" + suffix(name), seed));
  }

  static Curve25519KeyPair noiseStatic(String name, long seed) {
    return Curve25519KeyPair.fromPrivate(derive("tester-static" + suffix(name), seed));
  }

  /** The default peer keeps the labels of runs before peers had names. */
  private static String suffix(String name) {
    return name.equals(TesterPeer.DEFAULT_NAME) ? "" : "/" + name;
  }

  private static byte[] derive(String label, long seed) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("web4-conformance/" + label + "/" + seed).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
