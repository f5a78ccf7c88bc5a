package org.web4.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The limits that bound the cost of a parse (spec/envelope.md §4, issue 20): ENV-LIM-003 (number
 * tokens of at most 4,096 characters) and ENV-LIM-004 (at most 65,536 values), each exact at its
 * boundary and refused with its own kind. What they cost is reported, not asserted, by {@code
 * JsonParseCostReport} (n against 4n).
 */
class StrictJsonParserCostLimitsTest {
  private final StrictJsonParser parser = StrictJsonParser.withEnvelopeLimits();

  @Test
  void aNumberOf4096CharactersIsParsedAndOneOf4097IsRefused() throws JsonViolation {
    String fraction = "0." + "1234567890".repeat(410).substring(0, 4094); // 4,096 characters
    assertThat(fraction).hasSize(StrictJsonParser.MAX_NUMBER_CHARS);
    assertThat(parser.parse(utf8(fraction)).doubleValue()).isEqualTo(0.12345678901234568);
    assertTooLong(fraction + "1");
  }

  @Test
  void theSignAndTheExponentCount() throws JsonViolation {
    String negative = "-0." + "5".repeat(4093); // 4,096 characters with the sign
    assertThat(parser.parse(utf8(negative)).doubleValue()).isEqualTo(-0.5555555555555556);
    assertTooLong("-0." + "5".repeat(4094));
    String exponent = "1e" + "0".repeat(4094); // 1e000…0 = 1, 4,096 characters
    assertThat(parser.parse(utf8("[" + exponent + "]")).get(0).doubleValue()).isEqualTo(1.0);
    assertTooLong("[1e" + "0".repeat(4095) + "]");
    assertTooLong("[1E+" + "0".repeat(4094) + "]");
  }

  @Test
  void aTooLongIntegerIsRefusedForItsLengthBeforeItsRange() {
    // 4,097 digits would also overflow a double; the length is checked first, before conversion
    assertTooLong("1" + "0".repeat(4096));
    assertTooLong("[" + "9".repeat(1_000_000) + "]");
    assertTooLong("{\"a\":" + "-" + "7".repeat(500_000) + "}");
  }

  @Test
  void integersWithinTheLengthLimitKeepTheirRangeRule() throws JsonViolation {
    JsonNode largest = parser.parse(utf8("1" + "0".repeat(308))); // 1e308, 309 digits
    assertThat(largest.isBigInteger()).isTrue();
    assertThat(largest.doubleValue()).isEqualTo(1e308);
    assertThatThrownBy(() -> parser.parse(utf8("9".repeat(4096))))
        .isInstanceOfSatisfying(
            JsonViolation.class,
            e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.NUMBER_OUT_OF_RANGE));
    String exactSubnormal = "0." + "0".repeat(1073) + "1"; // 1e-1074: underflows, accepted
    assertThat(parser.parse(utf8(exactSubnormal)).doubleValue()).isZero();
  }

  @Test
  void theValueLimitIsExactly65536() throws JsonViolation {
    // the array and 65,535 zeros: 65,536 values
    String atLimit = zeros(StrictJsonParser.MAX_VALUES - 1);
    assertThat(parser.parse(utf8(atLimit)).size()).isEqualTo(65_535);
    assertTooMany(zeros(StrictJsonParser.MAX_VALUES));
  }

  @Test
  void memberNamesAreNotValuesButNestedContainersAre() throws JsonViolation {
    StringBuilder members = new StringBuilder("{");
    for (int i = 0; i < StrictJsonParser.MAX_VALUES - 1; i++) {
      members.append(i == 0 ? "" : ",").append('"').append(i).append("\":null");
    }
    String atLimit = members + "}";
    assertThat(parser.parse(utf8(atLimit)).size()).isEqualTo(65_535);
    assertTooMany(members + ",\"x\":null}");
    // 1 + 32,767 arrays + 32,768 scalars = 65,536; one more empty array is one too many
    String nested = "[" + "[0],".repeat(32_767) + "0]";
    assertThat(parser.parse(utf8(nested)).size()).isEqualTo(32_768);
    assertTooMany("[" + "[0],".repeat(32_767) + "0,[]]");
  }

  @Test
  void documentsThatAreNotEnvelopesHaveNoValueLimitButTheNumberLimit() throws JsonViolation {
    StrictJsonParser documents = StrictJsonParser.withDepthLimitOnly();
    assertThat(documents.parse(utf8(zeros(200_000))).size()).isEqualTo(200_000);
    assertThatThrownBy(() -> documents.parse(utf8("[0." + "1".repeat(4095) + "]")))
        .isInstanceOfSatisfying(
            JsonViolation.class,
            e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.NUMBER_TOO_LONG));
  }

  @Test
  void namesSharingOneHashCodeAreStillUniqueAndDuplicatesFound() throws JsonViolation {
    // "Aa" and "BB" have the same String.hashCode, so all 2^14 names below share one
    String names = collidingMembers(14, "");
    JsonNode object = parser.parse(utf8(names));
    assertThat(object.size()).isEqualTo(1 << 14);
    assertThat(new String(JsonCanonicalizer.canonicalize(object), StandardCharsets.UTF_8))
        .startsWith("{\"" + "Aa".repeat(14) + "\":0,\"" + "Aa".repeat(13) + "BB\":0");
    String duplicate = collidingMembers(14, ",\"" + "BB".repeat(14) + "\":1");
    assertThatThrownBy(() -> parser.parse(utf8(duplicate)))
        .isInstanceOfSatisfying(
            JsonViolation.class,
            e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.DUPLICATE_MEMBER));
  }

  static String zeros(int count) {
    return "[" + "0,".repeat(count - 1) + "0]";
  }

  /** An object of 2^bits members whose names all have one String.hashCode; then {@code tail}. */
  static String collidingMembers(int bits, String tail) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < (1 << bits); i++) {
      b.append(i == 0 ? "\"" : ",\"");
      for (int j = bits - 1; j >= 0; j--) {
        b.append(((i >> j) & 1) == 0 ? "Aa" : "BB");
      }
      b.append("\":0");
    }
    return b.append(tail).append('}').toString();
  }

  private void assertTooLong(String text) {
    assertThatThrownBy(() -> parser.parse(utf8(text)))
        .isInstanceOfSatisfying(
            JsonViolation.class,
            e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.NUMBER_TOO_LONG));
  }

  private void assertTooMany(String text) {
    assertThatThrownBy(() -> parser.parse(utf8(text)))
        .isInstanceOfSatisfying(
            JsonViolation.class,
            e -> assertThat(e.kind()).isEqualTo(JsonViolation.Kind.TOO_MANY_VALUES));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
