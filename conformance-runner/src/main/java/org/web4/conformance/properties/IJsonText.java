package org.web4.conformance.properties;

import static org.quicktheories.generators.SourceDSL.integers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.web4.json.StrictJsonParser;

/**
 * Random I-JSON <em>text</em>: deep, unicode-heavy, number-heavy, and written with the freedom JSON
 * allows (whitespace anywhere, escapes for any character, numbers in any spelling), so that the
 * canonical form has real work to do. Every value is valid I-JSON within the envelope limits.
 */
final class IJsonText {
  private static final int[] INTERESTING = {
    0x00, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x22, 0x2f, 0x5c, 0x7f, 0x80, 0xe9, 0x2028, 0x20ac,
    0xe000, 0xfb33, 0xfeff, 0xfffd, 0x1f600, 0x10fffd
  };
  private static final String[] NUMBERS = {
    "0",
    "-0",
    "1",
    "-1",
    "1.0",
    "1E2",
    "1e+2",
    "100.000",
    "0.1",
    "1e21",
    "1e-7",
    "123456789012345678901",
    "9007199254740993",
    "5e-324",
    "1.7976931348623157e308",
    "4.35",
    "0.000001",
    "-12.5e-10",
    "2.5E-7"
  };

  /** A random document of the given maximum depth, as the bytes a sender might write. */
  @SuppressWarnings("ArrayRecordComponent") // a generated example; never compared or hashed
  record Document(byte[] bytes) {
    @Override
    public String toString() {
      String text = new String(bytes, StandardCharsets.UTF_8);
      return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
    }
  }

  private IJsonText() {}

  static Gen<Document> documents(int maxDepth) {
    return in -> {
      StringBuilder sb = new StringBuilder();
      value(in, maxDepth, sb);
      return new Document(sb.toString().getBytes(StandardCharsets.UTF_8));
    };
  }

  private static void value(RandomnessSource in, int depth, StringBuilder sb) {
    ws(in, sb);
    int kind = pick(in, depth > 1 ? 8 : 4);
    switch (kind) {
      case 0 -> sb.append(pick(in, 2) == 0 ? "null" : pick(in, 2) == 0 ? "true" : "false");
      case 1, 2 -> string(in, sb);
      case 3, 4 -> number(in, sb);
      case 5, 6 -> {
        sb.append('{');
        int n = pick(in, 5);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          StringBuilder nameText = new StringBuilder();
          String name = string(in, nameText);
          if (names.contains(name)) {
            continue; // names are compared unescaped: a name and its escaped spelling are one
            // member
          }
          if (!names.isEmpty()) {
            sb.append(',');
          }
          names.add(name);
          ws(in, sb);
          sb.append(nameText);
          ws(in, sb);
          sb.append(':');
          value(in, depth - 1, sb);
        }
        ws(in, sb);
        sb.append('}');
      }
      default -> {
        sb.append('[');
        int n = pick(in, 5);
        for (int i = 0; i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          value(in, depth - 1, sb);
        }
        ws(in, sb);
        sb.append(']');
      }
    }
    ws(in, sb);
  }

  private static void number(RandomnessSource in, StringBuilder sb) {
    if (pick(in, 2) == 0) {
      sb.append(NUMBERS[pick(in, NUMBERS.length)]);
    } else {
      sb.append(integers().between(-1_000_000, 1_000_000).generate(in));
      if (pick(in, 2) == 0) {
        sb.append('.').append(integers().between(0, 99_999).generate(in));
      }
      if (pick(in, 3) == 0) {
        sb.append(pick(in, 2) == 0 ? 'e' : 'E').append(integers().between(-30, 30).generate(in));
      }
    }
  }

  /** Appends a JSON string to {@code sb}; returns its value (unescaped). */
  private static String string(RandomnessSource in, StringBuilder sb) {
    StringBuilder value = new StringBuilder();
    sb.append('"');
    int length = pick(in, 8);
    for (int i = 0; i < length; i++) {
      int cp =
          pick(in, 3) == 0
              ? INTERESTING[pick(in, INTERESTING.length)]
              : integers().between(0x20, 0x10ffff).generate(in);
      if ((cp >= 0xd800 && cp <= 0xdfff) || StrictJsonParser.isNoncharacter(cp)) {
        cp = 'x';
      }
      value.appendCodePoint(cp);
      boolean escape = cp < 0x20 || cp == '"' || cp == '\\' || pick(in, 4) == 0;
      if (escape) {
        for (char c : Character.toChars(cp)) {
          sb.append(String.format("\\u%04x", (int) c));
        }
      } else {
        sb.appendCodePoint(cp);
      }
    }
    sb.append('"');
    return value.toString();
  }

  private static void ws(RandomnessSource in, StringBuilder sb) {
    if (pick(in, 4) == 0) {
      sb.append(" \t\n\r".charAt(pick(in, 4)));
    }
  }

  static int pick(RandomnessSource in, int bound) {
    return integers().between(0, bound - 1).generate(in);
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
