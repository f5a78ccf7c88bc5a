package org.web4.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.StrictJsonParser;

/**
 * The worked example of spec/envelope.md §15 was computed independently (Python `cryptography`);
 * the reference must agree with every statement the example makes.
 */
class SpecWorkedExampleTest {
  private static String envelope = "";
  private static String signatureInput = "";

  @BeforeAll
  static void readTheSpec() throws Exception {
    String root = System.getProperty("web4.kit.root", "..");
    String spec = Files.readString(Path.of(root, "spec", "envelope.md"), StandardCharsets.UTF_8);
    String example = spec.substring(spec.indexOf("## 15. Worked example"));
    Matcher json = Pattern.compile("```json\\n(.*?)\\n```", Pattern.DOTALL).matcher(example);
    assertThat(json.find()).as("the example envelope").isTrue();
    envelope = json.group(1);
    Matcher m = Pattern.compile("```\\n(\\{.*?\\})\\n```", Pattern.DOTALL).matcher(example);
    assertThat(m.find()).as("the example signature input").isTrue();
    signatureInput = m.group(1);
  }

  @Test
  void signatureInputIsTheCanonicalFormWithoutSign() throws Exception {
    var parsed = StrictJsonParser.withEnvelopeLimits().parse(utf8(envelope));
    byte[] m = JsonCanonicalizer.canonicalizeWithout(parsed, "sign");
    assertThat(new String(m, StandardCharsets.UTF_8)).isEqualTo(signatureInput);
    assertThat(m).hasSize(832);
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m)))
        .isEqualTo("a37451ebd614a639e5213afd1577dc592b067649238bcb83ce2234191a0570ee");
  }

  @Test
  void acceptedOnceWithinTheWindowThenReplay() throws Exception {
    EnvelopeValidator validator = EnvelopeValidator.create();
    validator.validate(utf8(envelope), Instant.parse("2026-01-15T09:25:00Z"));
    assertThatThrownBy(
            () -> validator.validate(utf8(envelope), Instant.parse("2026-01-15T09:35:00Z")))
        .isInstanceOfSatisfying(
            EnvelopeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.REPLAY));
    assertThatThrownBy(
            () ->
                EnvelopeValidator.create()
                    .validate(utf8(envelope), Instant.parse("2026-01-15T09:35:00.001Z")))
        .isInstanceOfSatisfying(
            EnvelopeException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TIMESTAMP));
  }

  @Test
  void theVariantsTheExampleNames() throws Exception {
    Instant now = Instant.parse("2026-01-15T09:30:00Z");
    EnvelopeValidator.create()
        .validate(utf8(envelope.replace("\"lri\": 20", "\"lri\": 20.0")), now);
    assertThatThrownBy(
            () ->
                EnvelopeValidator.create()
                    .validate(utf8(envelope.replace("\"lri\": 20", "\"lri\": 21")), now))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.SIGNATURE_MISMATCH));
    assertThatThrownBy(
            () ->
                EnvelopeValidator.create().validate(utf8(envelope.replace("HURo=", "HURp=")), now))
        .isInstanceOfSatisfying(
            EnvelopeException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ENVELOPE));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
