package org.web4.harness;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The harness access token [HAR-TRN-003]: checks an {@code Authorization: Bearer <token>} header in
 * time that does not depend on where the presented token differs from the expected one (both are
 * hashed, then compared with {@link MessageDigest#isEqual}, so neither content nor length leaks).
 */
public final class BearerToken {
  /** RFC 6750 §2.1 {@code b64token}. */
  private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9._~+/-]+=*");

  private static final int MAX_LENGTH = 1024;

  private final byte[] expectedDigest;

  public BearerToken(String token) {
    if (token.length() > MAX_LENGTH || !SYNTAX.matcher(token).matches()) {
      throw new IllegalArgumentException(
          "a harness token is 1 to " + MAX_LENGTH + " characters of [A-Za-z0-9._~+/-] then '='s");
    }
    this.expectedDigest = sha256(token);
  }

  /** A fresh random token: 32 bytes from a secure generator, as 64 lowercase hex digits. */
  public static String generate(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Whether the values of the request's {@code Authorization} headers carry this token. */
  public boolean accepts(@Nullable List<String> authorizationHeaders) {
    if (authorizationHeaders == null || authorizationHeaders.size() != 1) {
      return false;
    }
    String value = authorizationHeaders.get(0).strip();
    int space = value.indexOf(' ');
    if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
      return false;
    }
    return MessageDigest.isEqual(expectedDigest, sha256(value.substring(space + 1).strip()));
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
