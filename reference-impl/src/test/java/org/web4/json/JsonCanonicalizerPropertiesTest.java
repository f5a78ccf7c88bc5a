package org.web4.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web4.testing.JsonGen;

/** Properties of RFC 8785 canonicalization over random I-JSON (fixed seeds: failures replay). */
class JsonCanonicalizerPropertiesTest {
  private static final long SEED = 0x5EED_0001L;
  private static final StrictJsonParser PARSER = StrictJsonParser.withEnvelopeLimits();

  @Test
  void canonicalizationIsIdempotent() {
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(JsonGen.values(6))
        .check(
            v -> {
              byte[] once = JsonCanonicalizer.canonicalize(v);
              return java.util.Arrays.equals(once, canonicalizeBytes(once));
            });
  }

  @Test
  void reparsingTheCanonicalFormGivesTheSameValue() {
    qt().withFixedSeed(SEED + 1)
        .withExamples(2000)
        .forAll(JsonGen.values(6))
        .check(v -> sameValue(v, parse(JsonCanonicalizer.canonicalize(v))));
  }

  @Test
  void memberOrderDoesNotMatter() {
    qt().withFixedSeed(SEED + 2)
        .withExamples(2000)
        .forAll(JsonGen.objects(6))
        .check(
            v ->
                JsonCanonicalizer.canonicalString(v)
                    .equals(
                        JsonCanonicalizer.canonicalString(shuffled(v, new Random(v.hashCode())))));
  }

  @Test
  void canonicalFormHasNoInsignificantWhitespace() {
    qt().withFixedSeed(SEED + 3)
        .withExamples(1000)
        .forAll(JsonGen.values(4))
        .check(
            v -> {
              String c = JsonCanonicalizer.canonicalString(v);
              return c.equals(
                  JsonCanonicalizer.canonicalString(
                      parse(c.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            });
  }

  @Test
  void excludingAMemberEqualsRemovingIt() {
    ObjectNode o =
        (ObjectNode)
            parse(
                "{\"b\":1,\"sign\":{\"x\":2},\"a\":[3]}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    ObjectNode without = o.deepCopy();
    without.remove("sign");
    assertThat(JsonCanonicalizer.canonicalizeWithout(o, "sign"))
        .isEqualTo(JsonCanonicalizer.canonicalize(without))
        .asString()
        .isEqualTo("{\"a\":[3],\"b\":1}");
  }

  private static byte[] canonicalizeBytes(byte[] json) {
    try {
      return JsonCanonicalizer.canonicalize(json);
    } catch (JsonViolation e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode parse(byte[] json) {
    try {
      return PARSER.parse(json);
    } catch (JsonViolation e) {
      throw new AssertionError(e);
    }
  }

  /** Equal as JSON values: numbers compared as doubles, object members regardless of order. */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.doubleValue() + 0.0, b.doubleValue() + 0.0) == 0;
    }
    if (a.getNodeType() != b.getNodeType() || a.size() != b.size()) {
      return false;
    }
    if (a.isObject()) {
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        if (!b.has(e.getKey()) || !sameValue(e.getValue(), b.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray()) {
      for (int i = 0; i < a.size(); i++) {
        if (!sameValue(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static JsonNode shuffled(JsonNode v, Random random) {
    if (v.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(v.properties());
      Collections.shuffle(members, random);
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      members.forEach(m -> out.set(m.getKey(), shuffled(m.getValue(), random)));
      return out;
    }
    if (v.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      v.forEach(e -> out.add(shuffled(e, random)));
      return out;
    }
    return v;
  }
}
