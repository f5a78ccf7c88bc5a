package org.web4.starter;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Writes response bodies: maps, lists, strings, booleans, numbers and {@link StrictJson#NULL}. */
final class JsonWriter {
  private JsonWriter() {}

  static byte[] write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void append(StringBuilder out, Object value) {
    if (value instanceof Map<?, ?> map) {
      out.append('{');
      String comma = "";
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(comma);
        string(out, String.valueOf(e.getKey()));
        out.append(':');
        append(out, e.getValue());
        comma = ",";
      }
      out.append('}');
    } else if (value instanceof List<?> list) {
      out.append('[');
      String comma = "";
      for (Object item : list) {
        out.append(comma);
        append(out, item);
        comma = ",";
      }
      out.append(']');
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof Boolean || value instanceof Number || value == StrictJson.NULL) {
      out.append(value);
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }
  }

  private static void string(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }
}
