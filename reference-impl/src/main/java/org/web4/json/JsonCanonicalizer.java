package org.web4.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * RFC 8785 JSON Canonicalization Scheme [ENV-JCS-001]: the one byte string that every
 * implementation must produce for the same JSON value, and that signatures are computed over.
 *
 * <p>The input must come from {@link StrictJsonParser} (or be built in code with the same
 * guarantees: no lone surrogates, finite numbers); this class trusts that and only serializes.
 */
public final class JsonCanonicalizer {
  private JsonCanonicalizer() {}

  /**
   * Parses I-JSON bytes and returns their canonical form; the parse enforces the envelope limits.
   */
  public static byte[] canonicalize(byte[] json) throws JsonViolation {
    return canonicalize(StrictJsonParser.withEnvelopeLimits().parse(json));
  }

  public static byte[] canonicalize(JsonNode value) {
    return canonicalString(value).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The canonical form of an object without one of its top-level members — the signature input of
   * an envelope is its canonical form without {@code sign} [ENV-SIG-001] — without copying the
   * object.
   */
  public static byte[] canonicalizeWithout(JsonNode object, String excludedMember) {
    if (!object.isObject()) {
      throw new IllegalArgumentException("not an object: " + object.getNodeType());
    }
    StringBuilder out = new StringBuilder(256);
    writeObject(object, excludedMember, out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static String canonicalString(JsonNode value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case OBJECT:
        writeObject(value, null, out);
        break;
      case ARRAY:
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out);
        }
        out.append(']');
        break;
      case STRING:
        writeString(value.textValue(), out);
        break;
      case NUMBER:
        // [ENV-JCS-003] "MUST be serialized as ... ECMAScript ... Number.prototype.toString"
        out.append(Es6NumberFormat.format(value.doubleValue()));
        break;
      case BOOLEAN:
        out.append(value.booleanValue() ? "true" : "false");
        break;
      case NULL:
        out.append("null");
        break;
      default:
        throw new IllegalArgumentException("not a JSON value: " + value.getNodeType());
    }
  }

  private static void writeObject(
      JsonNode object, @Nullable String excludedMember, StringBuilder out) {
    // [ENV-JCS-002] members sorted by the UTF-16 code units of their names; String.compareTo
    // compares
    // exactly those, which is why a UTF-8 byte order would be wrong for names outside the BMP.
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(object.size());
    for (Map.Entry<String, JsonNode> member : object.properties()) {
      if (!member.getKey().equals(excludedMember)) {
        members.add(member);
      }
    }
    members.sort(Map.Entry.comparingByKey());
    out.append('{');
    boolean first = true;
    for (Map.Entry<String, JsonNode> member : members) {
      if (!first) {
        out.append(',');
      }
      first = false;
      writeString(member.getKey(), out);
      out.append(':');
      write(member.getValue(), out);
    }
    out.append('}');
  }

  /** [ENV-JCS-004] RFC 8785 §3.2.2.2: minimal escaping, lowercase hex, everything else literal. */
  static void writeString(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\f':
          out.append("\\f");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    out.append('"');
  }
}
