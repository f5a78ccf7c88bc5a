package org.web4.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StrictJsonParserTest {
  private final StrictJsonParser parser = StrictJsonParser.withEnvelopeLimits();

  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "7b2261223a312c2261223a327d | DUPLICATE_MEMBER",
        "7b2261223a312c225c7530303631223a327d | DUPLICATE_MEMBER",
        "5b225c7564383030225d | LONE_SURROGATE",
        "5b225c7564633030225d | LONE_SURROGATE",
        "5b22c328225d | INVALID_UTF8",
        "5b22c0af225d | INVALID_UTF8",
        "5b22eda080225d | INVALID_UTF8",
        "5b31653330395d | NUMBER_OUT_OF_RANGE",
        "5b4e614e5d | SYNTAX",
        "5b30315d | SYNTAX",
        "efbbbf7b7d | SYNTAX",
        "7b7d207b7d | SYNTAX",
        "5b312c5d | SYNTAX",
        "5b2209225d | SYNTAX",
      })
  void refuses(String hex, JsonViolation.Kind kind) {
    byte[] input = HexFormat.of().parseHex(hex);
    assertThatThrownBy(() -> parser.parse(input))
        .isInstanceOfSatisfying(JsonViolation.class, e -> assertThat(e.kind()).isEqualTo(kind));
  }

  @Test
  void depthLimitIsExactly32() throws JsonViolation {
    assertThat(parser.parse(utf8("[".repeat(32) + "]".repeat(32))).isArray()).isTrue();
    assertThatThrownBy(() -> parser.parse(utf8("[".repeat(33) + "]".repeat(33))))
        .isInstanceOfSatisfying(
            JsonViolation.class, e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.TOO_DEEP));
    assertThatThrownBy(() -> parser.parse(utf8("[".repeat(5000) + "]".repeat(5000))))
        .isInstanceOfSatisfying(
            JsonViolation.class, e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.TOO_DEEP));
  }

  /** [ENV-JSON-006] every noncharacter is refused, raw or escaped, in a string or a member name. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "[\"\\ufdd0\"]",
        "[\"\\uFDEF\"]",
        "[\"\\ufffe\"]",
        "[\"a\\uffffb\"]",
        "[\"\\ud83f\\udffe\"]",
        "[\"\\ud83f\\udfff\"]",
        "[\"\\udbff\\udfff\"]",
        "{\"\\ufdd5\":1}",
        "[\"\ufdd0\"]",
        "[\"\uffff\"]",
        "{\"x\uFFFE\":true}",
      })
  void refusesNoncharacters(String text) {
    assertThatThrownBy(() -> parser.parse(utf8(text)))
        .isInstanceOfSatisfying(
            JsonViolation.class,
            e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.NONCHARACTER));
  }

  @Test
  void refusesTheNoncharactersOfEveryPlaneWrittenAsUtf8() {
    for (int plane = 0; plane <= 16; plane++) {
      for (int last : new int[] {0xFFFE, 0xFFFF}) {
        String text = "[\"" + Character.toString((plane << 16) | last) + "\"]";
        assertThatThrownBy(() -> parser.parse(utf8(text)))
            .as("plane %d", plane)
            .isInstanceOfSatisfying(
                JsonViolation.class,
                e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.NONCHARACTER));
      }
    }
  }

  @Test
  void acceptsTheCodePointsNextToTheNoncharacters() throws JsonViolation {
    String text = "[\"\\ufdcf\\ufdf0\\ufffd\\ufeff\\udbff\\udffd\ud83f\udffd\"]";
    assertThat(parser.parse(utf8(text)).get(0).textValue())
        .isEqualTo("\ufdcf\ufdf0\ufffd\ufeff\udbff\udffd\ud83f\udffd");
    assertThat(StrictJsonParser.isNoncharacter(0xFDD0)).isTrue();
    assertThat(StrictJsonParser.isNoncharacter(0x10FFFF)).isTrue();
    assertThat(StrictJsonParser.isNoncharacter(0xFFFD)).isFalse();
  }

  /** [ENV-LIM-002] scalars add no depth; a top-level scalar has depth 0. */
  @Test
  void scalarsAddNoDepth() throws JsonViolation {
    assertThat(parser.parse(utf8("7")).intValue()).isEqualTo(7);
    assertThat(parser.parse(utf8("[".repeat(32) + "1" + "]".repeat(32))).isArray()).isTrue();
    String objects = "{\"a\":".repeat(31) + "[\"x\"]" + "}".repeat(31);
    assertThat(parser.parse(utf8(objects)).isObject()).isTrue();
    assertThatThrownBy(() -> parser.parse(utf8("{\"a\":" + objects + "}")))
        .isInstanceOfSatisfying(
            JsonViolation.class, e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.TOO_DEEP));
  }

  @Test
  void sizeLimitIsExactly1MiB() throws JsonViolation {
    int overhead = "[\"\"]".length();
    String atLimit = "[\"" + "a".repeat(StrictJsonParser.MAX_ENVELOPE_BYTES - overhead) + "\"]";
    assertThat(parser.parse(utf8(atLimit)).get(0).textValue())
        .hasSize(StrictJsonParser.MAX_ENVELOPE_BYTES - overhead);
    String over = "[\"" + "a".repeat(StrictJsonParser.MAX_ENVELOPE_BYTES - overhead + 1) + "\"]";
    assertThatThrownBy(() -> parser.parse(utf8(over)))
        .isInstanceOfSatisfying(
            JsonViolation.class, e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.TOO_LARGE));
  }

  @Test
  void integersStayIntegralAndFractionsBecomeDoubles() throws JsonViolation {
    var node = parser.parse(utf8("[5, 5.0, 123456789012345678901234567890, 1e-400]"));
    assertThat(node.get(0).isIntegralNumber()).isTrue();
    assertThat(node.get(1).isDouble()).isTrue();
    assertThat(node.get(2).isBigInteger()).isTrue();
    assertThat(node.get(3).doubleValue()).isZero();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
