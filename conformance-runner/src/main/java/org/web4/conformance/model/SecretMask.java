package org.web4.conformance.model;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secrets in text the runner captured from an implementation before a report keeps it (issue
 * 16: report.json's {@code iut_output.stdout} carried the harness token into CI artifacts). It
 * replaces the secrets it was given literally, and whatever looks like one whatever its value: a
 * {@code token=…} or {@code "harness_token": "…"} pair, an {@code Authorization: Bearer …} header
 * and a PEM private key block.
 */
public final class SecretMask {
  /** What stands in for a secret. */
  public static final String MASK = "***";

  /** The shortest literal secret masked: shorter strings would hide ordinary words. */
  private static final int SHORTEST_SECRET = 8;

  private static final Pattern PEM_PRIVATE_KEY =
      Pattern.compile(
          "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?-----END \\1PRIVATE KEY-----", Pattern.DOTALL);
  private static final Pattern KEY_VALUE =
      Pattern.compile(
          "((?:harness_)?token=|\"harness_token\"\\s*:\\s*\"|[Aa]uthorization:\\s*Bearer\\s+)"
              + "([^\\s\"]+)");

  private final List<String> secrets;

  private SecretMask(List<String> secrets) {
    this.secrets = List.copyOf(secrets);
  }

  /** Masks only what looks like a secret. */
  public static SecretMask patternsOnly() {
    return new SecretMask(List.of());
  }

  /** Masks these secrets wherever they appear, besides what looks like one. */
  public static SecretMask of(Collection<String> secrets) {
    List<String> kept = new ArrayList<>();
    for (String s : secrets) {
      if (s.length() >= SHORTEST_SECRET) {
        kept.add(s);
      }
    }
    return new SecretMask(kept);
  }

  /**
   * The forms a private key's bytes take in text: lowercase and uppercase hex, base64 and base64url
   * (with and without padding).
   */
  public static List<String> printedForms(byte[] key) {
    String hex = HexFormat.of().formatHex(key);
    return List.of(
        hex,
        hex.toUpperCase(java.util.Locale.ROOT),
        Base64.getEncoder().encodeToString(key),
        Base64.getUrlEncoder().withoutPadding().encodeToString(key));
  }

  /** {@code text} with every secret replaced by {@link #MASK}. */
  public String mask(String text) {
    String out = PEM_PRIVATE_KEY.matcher(text).replaceAll(MASK);
    Matcher m = KEY_VALUE.matcher(out);
    out = m.replaceAll(r -> Matcher.quoteReplacement(r.group(1) + MASK));
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  /** The captured output with every secret masked. */
  public CapturedOutput mask(CapturedOutput output) {
    return new CapturedOutput(mask(output.stdout()), mask(output.stderr()), output.truncated());
  }
}
