package org.web4.conformance.target;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.web4.crypto.AgentKeyPair;

/**
 * Keys and secrets the runner hands to an implementation it starts. The identity key follows from
 * the run's seed (a run is reproducible from its seed); the harness token is random, because it
 * guards a local port and has no effect on verdicts.
 */
public final class IutKey {
  private IutKey() {}

  /** The IUT's identity key of a run: seed = SHA-256("web4-conformance/iut-key/" + seed). */
  public static AgentKeyPair forSeed(long seed) {
    try {
      byte[] bytes =
          MessageDigest.getInstance("SHA-256")
              .digest(("web4-conformance/iut-key/" + seed).getBytes(StandardCharsets.UTF_8));
      return AgentKeyPair.fromSeed(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh bearer token: 32 random bytes as lowercase hex. */
  public static String newToken() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
