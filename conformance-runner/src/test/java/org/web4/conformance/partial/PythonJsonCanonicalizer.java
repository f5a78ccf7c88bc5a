package org.web4.conformance.partial;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web4.json.Es6NumberFormat;

/**
 * What the upstream LS project's Python modules do for "canonical JSON": {@code
 * json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)}. Its
 * defects against RFC 8785 / I-JSON (spec/envelope.md) are exactly those a new user found (issue
 * 15): a float written in Python's repr ({@code 56.0} for {@code 56.0}, {@code 1e-07}), member
 * names sorted by code point rather than UTF-16 code unit, duplicate member names accepted (the
 * last wins), {@code NaN} and {@code 1e309} accepted (written {@code NaN}, {@code Infinity}), no
 * depth limit, no limit on the length of a number or on the number of values (ENV-LIM-003/004,
 * issue 20). Everything else (strict UTF-8, syntax, trailing content, lone surrogates and
 * noncharacters refused when the output is encoded) it does right.
 */
final class PythonJsonCanonicalizer {
  /** json.loads: NaN and Infinity accepted, duplicates last-wins, nesting as deep as it goes. */
  private static final ObjectMapper LOADS =
      JsonMapper.builder(
              // json.loads reads a number of any length (float() of it)
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNumberLength(Integer.MAX_VALUE).build())
                  .build())
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // "Extra data"
          .build();

  private PythonJsonCanonicalizer() {}

  /** The bytes Python's json module produces, or an exception where it raises one. */
  static byte[] canonicalize(byte[] input) throws IOException {
    String text =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(input))
            .toString();
    JsonNode value = LOADS.readTree(text);
    if (value == null || value.isMissingNode()) {
      throw new IOException("Expecting value: line 1 column 1 (char 0)");
    }
    StringBuilder out = new StringBuilder();
    dump(value, out);
    String dumped = out.toString();
    for (int i = 0; i < dumped.length(); ) {
      int cp = dumped.codePointAt(i);
      if ((cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE)
          || (cp & 0xFFFE) == 0xFFFE) {
        // str.encode("utf-8") raises on a lone surrogate; the shim refuses noncharacters
        throw new CharacterCodingException();
      }
      if (cp >= 0xFDD0 && cp <= 0xFDEF) {
        throw new CharacterCodingException();
      }
      i += Character.charCount(cp);
    }
    return dumped.getBytes(StandardCharsets.UTF_8);
  }

  private static void dump(JsonNode node, StringBuilder out) {
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
      // sort_keys=True compares str, i.e. by code point (RFC 8785 sorts by UTF-16 code unit)
      members.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
      out.append('{');
      for (int i = 0; i < members.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        string(members.get(i).getKey(), out);
        out.append(':');
        dump(members.get(i).getValue(), out);
      }
      out.append('}');
    } else if (node.isArray()) {
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        dump(node.get(i), out);
      }
      out.append(']');
    } else if (node.isTextual()) {
      string(node.asText(), out);
    } else if (node.isIntegralNumber()) {
      out.append(node.bigIntegerValue()); // Python ints are exact
    } else if (node.isNumber()) {
      out.append(floatRepr(node.doubleValue()));
    } else {
      out.append(node.toString()); // true, false, null
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** json.dumps of a str with ensure_ascii=False. */
  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /**
   * Python's {@code float.__repr__}: the shortest digits that round-trip (the same digits as
   * ECMAScript's), written in fixed notation with a {@code .0} for integral values when the decimal
   * exponent is in [-4, 16), else as {@code d.ddde+XX}.
   */
  static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = new BigDecimal(Es6NumberFormat.format(Math.abs(d))).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String exp = String.format(java.util.Locale.ROOT, "%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
  }
}
