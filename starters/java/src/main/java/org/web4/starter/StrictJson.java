package org.web4.starter;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict parser of request bodies: I-JSON as spec/harness.md HAR-API-003 demands (the rules
 * ENV-JSON-001 … ENV-JSON-006 of spec/envelope.md §3) with depth at most 32 (ENV-LIM-002). Values
 * are {@code Map<String,Object>} (member order kept), {@code List<Object>}, {@code String}, {@code
 * Double}, {@code Boolean} and {@link #NULL}. Every violation is a 400 {@link Refusal}. Time and
 * stack are linear in the input and bounded by the depth limit.
 */
final class StrictJson {
  /** JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private static final int MAX_DEPTH = 32;

  private final String text;
  private int at;

  private StrictJson(String text) {
    this.text = text;
  }

  /** Parses one JSON text; a 400 BAD_REQUEST refusal names the first violation. */
  static Object parse(byte[] body) throws Refusal {
    String text;
    try {
      // ENV-JSON-001: well-formed UTF-8 only (the JDK decoder refuses overlong forms, encoded
      // surrogates and code points above U+10FFFF)
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      throw Refusal.badRequest("the body is not UTF-8");
    }
    StrictJson parser = new StrictJson(text);
    parser.skipWhitespace();
    Object value = parser.value(0);
    parser.skipWhitespace();
    if (parser.at != text.length()) { // ENV-JSON-005: nothing after the value (a BOM fails above)
      throw parser.error("content after the JSON value");
    }
    return value;
  }

  private Object value(int depth) throws Refusal {
    if (at >= text.length()) {
      throw error("a value is missing");
    }
    char c = text.charAt(at);
    switch (c) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal("true", true);
      case 'f':
        return literal("false", false);
      case 'n':
        return literal("null", NULL);
      default:
        return number();
    }
  }

  private Map<String, Object> object(int depth) throws Refusal {
    checkDepth(depth);
    at++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipWhitespace();
    if (peek() == '}') {
      at++;
      return members;
    }
    while (true) {
      skipWhitespace();
      if (peek() != '"') {
        throw error("a member name is expected");
      }
      String name = string();
      skipWhitespace();
      expect(':');
      skipWhitespace();
      Object value = value(depth);
      if (members.put(name, value) != null) { // ENV-JSON-002
        throw error("duplicate member name \"" + name + "\"");
      }
      skipWhitespace();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect('}');
      return members;
    }
  }

  private List<Object> array(int depth) throws Refusal {
    checkDepth(depth);
    at++;
    List<Object> items = new ArrayList<>();
    skipWhitespace();
    if (peek() == ']') {
      at++;
      return items;
    }
    while (true) {
      skipWhitespace();
      items.add(value(depth));
      skipWhitespace();
      if (peek() == ',') {
        at++;
        continue;
      }
      expect(']');
      return items;
    }
  }

  private String string() throws Refusal {
    at++; // the opening quote
    StringBuilder out = new StringBuilder();
    while (true) {
      if (at >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(at++);
      if (c == '"') {
        break;
      }
      if (c < 0x20) { // ENV-JSON-005: raw control characters
        throw error("raw control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (at >= text.length()) {
        throw error("unterminated escape");
      }
      char e = text.charAt(at++);
      switch (e) {
        case '"', '\\', '/' -> out.append(e);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> out.append(hex4());
        default -> throw error("bad escape \\" + e);
      }
    }
    String s = out.toString();
    checkScalars(s);
    return s;
  }

  private char hex4() throws Refusal {
    if (at + 4 > text.length()) {
      throw error("short \\u escape");
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
      int d = Character.digit(text.charAt(at++), 16);
      if (d < 0) {
        throw error("bad \\u escape");
      }
      v = v * 16 + d;
    }
    return (char) v;
  }

  /** ENV-JSON-003 (lone surrogates, only possible through escapes) and ENV-JSON-006. */
  private void checkScalars(String s) throws Refusal {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      if (Character.isSurrogate((char) cp) && Character.charCount(cp) == 1) {
        throw error("lone surrogate in a string");
      }
      if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) {
        throw error(String.format("noncharacter U+%04X in a string", cp));
      }
      i += Character.charCount(cp);
    }
  }

  /** RFC 8259 §6 number syntax; ENV-JSON-004: a value that rounds to infinity is refused. */
  private Double number() throws Refusal {
    int start = at;
    if (peek() == '-') {
      at++;
    }
    if (peek() == '0') {
      at++;
    } else if (isDigit(peek())) {
      digits();
    } else {
      throw error("a value is expected");
    }
    if (peek() == '.') {
      at++;
      if (!isDigit(peek())) {
        throw error("digits are expected after the decimal point");
      }
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      at++;
      if (peek() == '+' || peek() == '-') {
        at++;
      }
      if (!isDigit(peek())) {
        throw error("digits are expected in the exponent");
      }
      digits();
    }
    double v = Double.parseDouble(text.substring(start, at));
    if (Double.isInfinite(v)) {
      throw error("number outside IEEE-754 binary64");
    }
    return v;
  }

  private void digits() {
    while (isDigit(peek())) {
      at++;
    }
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  private Object literal(String word, Object value) throws Refusal {
    if (!text.startsWith(word, at)) {
      throw error("a value is expected");
    }
    at += word.length();
    return value;
  }

  private void checkDepth(int depth) throws Refusal {
    if (depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH);
    }
  }

  private int peek() {
    return at < text.length() ? text.charAt(at) : -1;
  }

  private void expect(char c) throws Refusal {
    if (peek() != c) {
      throw error("'" + c + "' is expected");
    }
    at++;
  }

  /** RFC 8259 whitespace: space, tab, line feed, carriage return. */
  private void skipWhitespace() {
    while (at < text.length()) {
      char c = text.charAt(at);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      at++;
    }
  }

  private Refusal error(String what) {
    return Refusal.badRequest("the body is not I-JSON: " + what + " (at character " + at + ")");
  }
}
