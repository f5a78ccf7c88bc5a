package org.web4.conformance.scenarios;

import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web4.envelope.Timestamps;
import org.web4.vectors.VectorKeys;

/**
 * Expands the placeholders of docs/writing-scenarios.md in step arguments and doc strings: {@code
 * {pubkey:N}}, {@code {pubkey-url:N}}, {@code {fingerprint:N}}, {@code {FINGERPRINT:N}}, {@code
 * {now}}, {@code {now+60s}}, {@code {now-301s}}, {@code {uuid}}, {@code {repeat:N:TEXT}}.
 */
final class Placeholders {
  private static final Pattern PLACEHOLDER =
      Pattern.compile(
          "\\{(pubkey|pubkey-url|fingerprint|FINGERPRINT):([A-Za-z0-9_-]+)\\}|\\{now(?:([+-][0-9]+)s)?\\}|\\{uuid\\}"
              + "|\\{repeat:([0-9]{1,7}):([^}]*)\\}");

  private Placeholders() {}

  static String expand(String text, World world) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(value(m, world)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String value(Matcher m, World world) {
    String token = m.group();
    if (m.group(4) != null) {
      // {repeat:N:TEXT}: TEXT N times (long numbers and many values, ENV-LIM-003/004)
      return m.group(5).repeat(Integer.parseInt(m.group(4)));
    }
    if (token.equals("{uuid}")) {
      return world.freshUuid().toString();
    }
    if (token.startsWith("{now")) {
      Instant now = world.clock();
      return Timestamps.format(
          m.group(3) == null ? now : now.plusSeconds(Long.parseLong(m.group(3))));
    }
    var key = VectorKeys.key(m.group(2)).publicKey();
    switch (m.group(1)) {
      case "pubkey":
        return key.base64();
      case "pubkey-url":
        return key.base64().replace('+', '-').replace('/', '_').replace("=", "");
      case "fingerprint":
        return key.fingerprint();
      default:
        return key.fingerprint().toUpperCase(Locale.ROOT);
    }
  }
}
