package org.web4.rtt.noise;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Noise protocol name split into its parts (spec §8), e.g. {@code Noise_XX_25519_AESGCM_SHA256}.
 * This implementation supports DH 25519, ciphers AESGCM and ChaChaPoly, hash SHA256.
 */
public record NoiseProtocol(String name, HandshakePattern pattern, CipherFunction cipher) {
  private static final Pattern NAME =
      Pattern.compile("Noise_([A-Za-z0-9]+)_25519_(AESGCM|ChaChaPoly)_SHA256");

  /** The RTT suite (spec/rtt.md). */
  public static final NoiseProtocol RTT = parse("Noise_XX_25519_AESGCM_SHA256");

  public static NoiseProtocol parse(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "unsupported Noise protocol " + name + " (supported: 25519, AESGCM|ChaChaPoly, SHA256)");
    }
    CipherFunction cipher =
        m.group(2).equals("AESGCM") ? CipherFunction.AESGCM : CipherFunction.CHACHAPOLY;
    return new NoiseProtocol(name, HandshakePattern.named(m.group(1)), cipher);
  }
}
