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
