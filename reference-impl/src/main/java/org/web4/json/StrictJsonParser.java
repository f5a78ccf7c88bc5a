package org.web4.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Parses bytes as I-JSON (RFC 7493) with the limits of spec/envelope.md, refusing — never repairing
 * — what is not. Jackson tokenizes; this class builds the tree itself so that every rule is checked
 * in one place:
 *
 * <ul>
 *   <li>[ENV-JSON-001] strict UTF-8: overlong forms, encoded surrogates and truncated sequences are
 *       errors;
 *   <li>[ENV-JSON-002] duplicate member names (after unescaping) are errors;
 *   <li>[ENV-JSON-003] unpaired surrogates, escaped or not, are errors;
 *   <li>[ENV-JSON-004] numbers whose magnitude rounds to infinity as a double are errors;
 *   <li>[ENV-JSON-005] a BOM, trailing content, comments, NaN/Infinity, leading zeros are errors;
 *   <li>[ENV-JSON-006] noncharacters (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF), escaped or not, are
 *       errors;
 *   <li>[ENV-LIM-001] / [ENV-LIM-002] size and nesting limits: each object or array adds one level
 *       of depth, the top-level one included, and scalars add none (a top-level scalar has depth
 *       0);
 *   <li>[ENV-LIM-003] a number token of more than 4,096 characters is an error, found from its
 *       length before any conversion;
 *   <li>[ENV-LIM-004] more than 65,536 values (objects, arrays and scalars, member names not
 *       counted) is an error.
 * </ul>
 *
 * <p>Every step is linear in the input (issue 20): the number of a token is converted only once the
 * token is known to be at most 4,096 characters and, for an integer, finite (so at most 309 digits
 * reach {@link BigInteger}); member names are neither interned nor canonicalized by Jackson, so
 * names that share a {@code String.hashCode} fill no global table; the duplicate check is the
 * member map's lookup, which stays logarithmic under such collisions (a treeified {@link
 * java.util.HashMap} bin of comparable keys).
 *
 * <p>Integers without fraction or exponent become integral nodes (so JSON Schema "integer"
 * applies); other numbers become double nodes holding the correctly rounded value. Instances are
 * immutable and thread-safe.
 */
public final class StrictJsonParser {

  /** [ENV-LIM-001] The largest envelope, in bytes of UTF-8 JSON text. */
  public static final int MAX_ENVELOPE_BYTES = 1_048_576;

  /** [ENV-LIM-002] The deepest nesting: the top-level value is depth 1. */
  public static final int MAX_DEPTH = 32;

  /** [ENV-LIM-003] The longest number token, in characters (sign and exponent included). */
  public static final int MAX_NUMBER_CHARS = 4_096;

  /** [ENV-LIM-004] The most values in one text: objects, arrays and scalars, at any depth. */
  public static final int MAX_VALUES = 65_536;

  /** The longest integer token that can be finite as a double: 309 digits and a sign. */
  private static final int MAX_FINITE_INTEGER_CHARS = 310;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          // attacker-chosen names must not go into the JVM's string table (String.hashCode
          // collisions) nor into Jackson's symbol table (whose overflow is an unchecked error)
          .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
          .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(MAX_DEPTH + 1)
                  .maxNumberLength(Integer.MAX_VALUE)
                  .maxStringLength(Integer.MAX_VALUE)
                  .maxNameLength(Integer.MAX_VALUE) // the size limit bounds names, as strings
                  .build())
          .build();

  private final int maxBytes;
  private final int maxDepth;
  private final int maxValues;

  private StrictJsonParser(int maxBytes, int maxDepth, int maxValues) {
    if (maxBytes <= 0 || maxDepth <= 0 || maxDepth > MAX_DEPTH || maxValues <= 0) {
      throw new IllegalArgumentException(
          "limits out of range: " + maxBytes + ", " + maxDepth + ", " + maxValues);
    }
    this.maxBytes = maxBytes;
    this.maxDepth = maxDepth;
    this.maxValues = maxValues;
  }

  /** A parser with the limits of spec/envelope.md §4. */
  public static StrictJsonParser withEnvelopeLimits() {
    return new StrictJsonParser(MAX_ENVELOPE_BYTES, MAX_DEPTH, MAX_VALUES);
  }

  /**
   * A parser for documents that are not envelopes (vector files, harness bodies, reports): the
   * depth and number-length limits only, so that the parse stays linear in the input, whatever its
   * size.
   */
  public static StrictJsonParser withDepthLimitOnly() {
    return new StrictJsonParser(Integer.MAX_VALUE, MAX_DEPTH, Integer.MAX_VALUE);
  }

  public JsonNode parse(byte[] utf8) throws JsonViolation {
    if (utf8.length > maxBytes) {
      throw new JsonViolation(
          JsonViolation.Kind.TOO_LARGE,
          "document is " + utf8.length + " bytes; the limit is " + maxBytes);
    }
    String text = decodeStrictUtf8(utf8);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      throw new JsonViolation(JsonViolation.Kind.SYNTAX, "a byte order mark is not allowed");
    }
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonViolation(JsonViolation.Kind.SYNTAX, "empty document");
      }
      JsonNode root = readValue(parser, first, 1, new int[1]);
      if (parser.nextToken() != null) {
        throw new JsonViolation(
            JsonViolation.Kind.SYNTAX, "trailing content at " + location(parser));
      }
      return root;
    } catch (StreamConstraintsException e) {
      throw new JsonViolation(
          JsonViolation.Kind.TOO_DEEP, "nesting deeper than " + maxDepth + " levels");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new JsonViolation(JsonViolation.Kind.SYNTAX, e.getOriginalMessage());
    } catch (IOException e) {
      throw new JsonViolation(JsonViolation.Kind.SYNTAX, String.valueOf(e.getMessage()));
    }
  }

  /** Decodes UTF-8, refusing every ill-formed sequence (RFC 3629), as [ENV-JSON-001] requires. */
  public static String decodeStrictUtf8(byte[] utf8) throws JsonViolation {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(utf8))
          .toString();
    } catch (CharacterCodingException e) {
      throw new JsonViolation(
          JsonViolation.Kind.INVALID_UTF8, "the bytes are not well-formed UTF-8");
    }
  }

  /**
   * One value and everything in it; {@code count[0]} is the number of values read so far in the
   * text [ENV-LIM-004].
   */
  private JsonNode readValue(JsonParser parser, JsonToken token, int depth, int[] count)
      throws IOException, JsonViolation {
    if (++count[0] > maxValues) {
      throw new JsonViolation(
          JsonViolation.Kind.TOO_MANY_VALUES,
          "more than " + maxValues + " values, at " + location(parser));
    }
    switch (token) {
      case START_OBJECT:
        checkDepth(depth);
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = checkedString(parser.currentName(), parser);
          if (object.has(name)) {
            throw new JsonViolation(
                JsonViolation.Kind.DUPLICATE_MEMBER,
                "duplicate member name \"" + abbreviate(name) + "\" at " + location(parser));
          }
          JsonNode value = readValue(parser, parser.nextToken(), depth + 1, count);
          object.set(name, value);
        }
        return object;
      case START_ARRAY:
        checkDepth(depth);
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          array.add(readValue(parser, t, depth + 1, count));
        }
        return array;
      case VALUE_STRING:
        return JsonNodeFactory.instance.textNode(checkedString(parser.getText(), parser));
      case VALUE_NUMBER_INT:
        return integral(numberText(parser), parser);
      case VALUE_NUMBER_FLOAT:
        return JsonNodeFactory.instance.numberNode(finiteDouble(numberText(parser), parser));
      case VALUE_TRUE:
        return JsonNodeFactory.instance.booleanNode(true);
      case VALUE_FALSE:
        return JsonNodeFactory.instance.booleanNode(false);
      case VALUE_NULL:
        return JsonNodeFactory.instance.nullNode();
      default:
        throw new JsonViolation(
            JsonViolation.Kind.SYNTAX, "unexpected " + token + " at " + location(parser));
    }
  }

  /**
   * [ENV-LIM-003] The token of the current number, refused by its length alone when it is longer
   * than {@link #MAX_NUMBER_CHARS}: nothing is converted before this check.
   */
  private static String numberText(JsonParser parser) throws IOException, JsonViolation {
    int length = parser.getTextLength();
    if (length > MAX_NUMBER_CHARS) {
      throw new JsonViolation(
          JsonViolation.Kind.NUMBER_TOO_LONG,
          "number of "
              + length
              + " characters at "
              + location(parser)
              + "; the limit is "
              + MAX_NUMBER_CHARS);
    }
    return parser.getText();
  }

  private static JsonNode integral(String text, JsonParser parser) throws JsonViolation {
    if (text.length() < 19) {
      return JsonNodeFactory.instance.numberNode(Long.parseLong(text));
    }
    // Double.parseDouble is linear in the token; BigInteger's constructor is not, so it only sees
    // tokens that are finite as doubles: at most 309 digits and a sign.
    finiteDouble(text, parser);
    if (text.length() > MAX_FINITE_INTEGER_CHARS) {
      throw new AssertionError("a finite integer token has at most 310 characters: " + text);
    }
    BigInteger value = new BigInteger(text);
    if (value.bitLength() < 64) {
      return JsonNodeFactory.instance.numberNode(value.longValue());
    }
    return JsonNodeFactory.instance.numberNode(value);
  }

  private static double finiteDouble(String text, JsonParser parser) throws JsonViolation {
    double value = Double.parseDouble(text);
    if (Double.isInfinite(value)) {
      throw new JsonViolation(
          JsonViolation.Kind.NUMBER_OUT_OF_RANGE,
          "number "
              + abbreviate(text)
              + " at "
              + location(parser)
              + " is outside the IEEE-754 range");
    }
    return value;
  }

  private void checkDepth(int depth) throws JsonViolation {
    if (depth > maxDepth) {
      throw new JsonViolation(
          JsonViolation.Kind.TOO_DEEP, "nesting deeper than " + maxDepth + " levels");
    }
  }

  private static String checkedString(String s, JsonParser parser) throws JsonViolation {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int codePoint = c;
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
          throw loneSurrogate(c, parser);
        }
        codePoint = Character.toCodePoint(c, s.charAt(++i));
      } else if (Character.isLowSurrogate(c)) {
        throw loneSurrogate(c, parser);
      }
      if (isNoncharacter(codePoint)) {
        throw new JsonViolation(
            JsonViolation.Kind.NONCHARACTER,
            String.format("noncharacter U+%04X at %s", codePoint, location(parser)));
      }
    }
    return s;
  }

  /**
   * [ENV-JSON-006] The 66 noncharacters of Unicode (RFC 7493 §2.1): U+FDD0 to U+FDEF, and the last
   * two code points of every plane (low 16 bits FFFE or FFFF).
   */
  public static boolean isNoncharacter(int codePoint) {
    return (codePoint >= 0xFDD0 && codePoint <= 0xFDEF) || (codePoint & 0xFFFE) == 0xFFFE;
  }

  private static JsonViolation loneSurrogate(char c, JsonParser parser) {
    return new JsonViolation(
        JsonViolation.Kind.LONE_SURROGATE,
        String.format("unpaired surrogate U+%04X at %s", (int) c, location(parser)));
  }

  private static String location(JsonParser parser) {
    return "line "
        + parser.currentLocation().getLineNr()
        + ", column "
        + parser.currentLocation().getColumnNr();
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 37) + "...";
  }
}
