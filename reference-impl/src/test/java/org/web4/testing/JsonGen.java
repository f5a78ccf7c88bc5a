package org.web4.testing;

import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.web4.json.StrictJsonParser;

/**
 * QuickTheories generators of I-JSON values: deep, unicode-heavy (every plane, escapes, controls),
 * number-heavy (integers, fractions, extremes, subnormals).
 */
public final class JsonGen {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Characters that stress canonicalization: controls, quotes, BMP above surrogates, astral. */
  private static final int[] INTERESTING = {
    0x00, 0x08, 0x09, 0x0a, 0x0c, 0x0d, 0x1f, 0x22, 0x2f, 0x5c, 0x7f, 0x80, 0xe9, 0x2028, 0x20ac,
    0xe000, 0xfb33, 0xfeff, 0xfffd, 0x1f600, 0x10fffd
  };

  private JsonGen() {}

  /** Any I-JSON value up to the given depth (1 = scalar or empty container). */
  public static Gen<JsonNode> values(int maxDepth) {
    return in -> value(in, maxDepth);
  }

  /** An object at the top, as envelopes are. */
  public static Gen<JsonNode> objects(int maxDepth) {
    return in -> object(in, maxDepth);
  }

  public static Gen<String> strings() {
    return JsonGen::string;
  }

  /** Strings of 1 to 9 code points. */
  public static Gen<String> nonEmptyStrings() {
    return in -> {
      String s = string(in);
      return s.isEmpty() ? "\u00e9" : s;
    };
  }

  public static Gen<Double> finiteDoubles() {
    return in -> {
      switch (integers().between(0, 4).generate(in)) {
        case 0:
          return (double) integers().between(-1000, 1000).generate(in);
        case 1:
          return doubles().between(-1e6, 1e6).generate(in);
        case 2:
          {
            double d = Double.longBitsToDouble(longs().all().generate(in));
            return Double.isFinite(d) ? d : 0.5;
          }
        case 3:
          return (double) longs().all().generate(in);
        default:
          return doubles().fromZeroToOne().generate(in)
              * Math.pow(10, integers().between(-30, 30).generate(in));
      }
    };
  }

  private static JsonNode value(RandomnessSource in, int depth) {
    int kind = integers().between(0, depth > 1 ? 7 : 4).generate(in);
    switch (kind) {
      case 0:
        return NODES.nullNode();
      case 1:
        return NODES.booleanNode(integers().between(0, 1).generate(in) == 1);
      case 2:
        return NODES.textNode(string(in));
      case 3:
        return NODES.numberNode(finiteDoubles().generate(in));
      case 4:
        return NODES.numberNode((long) integers().between(-100000, 100000).generate(in));
      case 5:
      case 6:
        return object(in, depth);
      default:
        return array(in, depth);
    }
  }

  private static ObjectNode object(RandomnessSource in, int depth) {
    ObjectNode o = NODES.objectNode();
    int size = integers().between(0, 5).generate(in);
    for (int i = 0; i < size; i++) {
      o.set(string(in), depth > 1 ? value(in, depth - 1) : NODES.numberNode(i));
    }
    return o;
  }

  private static ArrayNode array(RandomnessSource in, int depth) {
    ArrayNode a = NODES.arrayNode();
    int size = integers().between(0, 5).generate(in);
    for (int i = 0; i < size; i++) {
      a.add(depth > 1 ? value(in, depth - 1) : NODES.textNode(string(in)));
    }
    return a;
  }

  private static String string(RandomnessSource in) {
    int length = integers().between(0, 8).generate(in);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int pick = integers().between(0, 3).generate(in);
      int cp;
      if (pick == 0) {
        cp = INTERESTING[integers().between(0, INTERESTING.length - 1).generate(in)];
      } else if (pick == 1) {
        cp = integers().between(0x20, 0x7e).generate(in);
      } else {
        cp = integers().between(0, 0x10ffff).generate(in);
        if ((cp >= 0xd800 && cp <= 0xdfff) || StrictJsonParser.isNoncharacter(cp)) {
          cp = 'x';
        }
      }
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }
}
