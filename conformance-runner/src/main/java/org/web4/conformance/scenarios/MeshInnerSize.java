package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.json.JsonCanonicalizer;

/**
 * Grows a FACT_PROPOSE inner envelope to an exact size in bytes, for the bound of step R4
 * (spec/mesh.md Table 4.3a, Table 4.8: at most 655,360 bytes): the fact's {@code sources} (a text
 * list of up to 64 items of up to 4,096 code points, cip.md §1) take 4-byte code points, and the
 * last one ASCII to land on the byte. The envelope stays valid and is signed again by its origin.
 */
final class MeshInnerSize {
  /** U+1F4DA, four bytes in UTF-8; JCS writes it as itself. */
  private static final String WIDE = "\uD83D\uDCDA";

  private static final int MAX_ITEMS = 64;
  private static final int MAX_CODE_POINTS = 4096;

  private MeshInnerSize() {}

  /**
   * The envelope, with {@code payload.fact.sources} filled so that its canonical form has exactly
   * {@code bytes} bytes.
   *
   * @throws IllegalArgumentException when the type is not FACT_PROPOSE or the size is out of reach
   */
  static ObjectNode grownTo(ObjectNode inner, int bytes, AgentKeyPair origin) {
    if (!inner.path("type").asText().equals("FACT_PROPOSE")) {
      throw new IllegalArgumentException("only a FACT_PROPOSE is grown to a size");
    }
    ObjectNode e = inner.deepCopy();
    ArrayNode sources = (ArrayNode) e.path("payload").path("fact").path("sources");
    sources.removeAll();
    int left = bytes - size(EnvelopeBuilder.signed(e, origin));
    // each item costs its bytes, two quotes and, after the first, a comma
    while (left > 0) {
      if (sources.size() == MAX_ITEMS) {
        throw new IllegalArgumentException(bytes + " bytes are out of a FACT_PROPOSE's reach");
      }
      int overhead = sources.isEmpty() ? 2 : 3;
      int full = MAX_CODE_POINTS * 4;
      int body = Math.min(left - overhead, full);
      if (body % 4 != 0 && body > full - 4) {
        body = full - 4; // 4,095 wide code points and up to 3 ASCII would be too many
      }
      if (left - overhead - body > 0 && left - overhead - body < 4) {
        body -= 4; // leave the next item room for at least one code point
      }
      if (body < 1) {
        throw new IllegalArgumentException(bytes + " bytes cannot be reached exactly");
      }
      sources.add(WIDE.repeat(body / 4) + "a".repeat(body % 4));
      left -= overhead + body;
    }
    ObjectNode signed = EnvelopeBuilder.signed(e, origin);
    if (size(signed) != bytes) {
      throw new IllegalStateException("grew to " + size(signed) + " bytes, not " + bytes);
    }
    return signed;
  }

  private static int size(ObjectNode envelope) {
    return JsonCanonicalizer.canonicalize(envelope).length;
  }
}
