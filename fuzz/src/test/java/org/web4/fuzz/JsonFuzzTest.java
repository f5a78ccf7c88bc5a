package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The strict I-JSON parser and the RFC 8785 canonicalizer (spec/envelope.md §3, §4): any bytes
 * either parse or are refused with {@link JsonViolation}; nothing else escapes. What parses has a
 * canonical form that is a fixed point: it parses again, to a value whose canonical form is the
 * same bytes [ENV-JCS-001].
 */
class JsonFuzzTest {
  private static final StrictJsonParser ENVELOPE = StrictJsonParser.withEnvelopeLimits();
  private static final StrictJsonParser DEPTH_ONLY = StrictJsonParser.withDepthLimitOnly();

  @FuzzTest
  @DictionaryFile(resourcePath = "/org/web4/fuzz/json.dict")
  void parseAndCanonicalize(byte[] input) throws JsonViolation {
    JsonNode value;
    try {
      value = ENVELOPE.parse(input);
    } catch (JsonViolation refused) {
      // Under 1 MiB the two parsers differ only in the size limit: they refuse alike.
      assertRefusedToo(input, refused);
      return;
    }
    byte[] canonical = JsonCanonicalizer.canonicalize(value);
    // The canonical form of what parsed must itself parse (it is I-JSON) ...
    JsonNode again = ENVELOPE.parse(canonical);
    // ... and be a fixed point of canonicalize(parse(x)).
    assertArrayEquals(canonical, JsonCanonicalizer.canonicalize(again), "canonical fixed point");
    assertArrayEquals(canonical, JsonCanonicalizer.canonicalize(input), "byte[] entry point");
    assertEquals(
        JsonCanonicalizer.canonicalString(value),
        new String(canonical, java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void assertRefusedToo(byte[] input, JsonViolation refused) {
    if (refused.kind() == JsonViolation.Kind.TOO_LARGE) {
      return;
    }
    try {
      DEPTH_ONLY.parse(input);
    } catch (JsonViolation alsoRefused) {
      assertEquals(refused.kind(), alsoRefused.kind(), "both parsers name the same rule");
      return;
    }
    throw new AssertionError("refused with envelope limits only: " + refused.getMessage());
  }
}
