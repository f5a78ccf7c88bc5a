package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.web4.envelope.Timestamps;

/**
 * Reads the members of a request body that has passed its schema; every check is repeated here so
 * that a lax schema can never turn into a 500.
 */
final class Requests {
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-f]{2})*");

  private Requests() {}

  static JsonNode member(JsonNode request, String name) throws HarnessException {
    JsonNode value = request.get(name);
    if (value == null) {
      throw HarnessException.badRequest("missing member " + name);
    }
    return value;
  }

  /** A lowercase hex member, decoded [HAR-API-002]. */
  static byte[] hex(JsonNode request, String name) throws HarnessException {
    JsonNode value = member(request, name);
    if (!value.isTextual() || !HEX.matcher(value.textValue()).matches()) {
      throw HarnessException.badRequest(name + " is not a string of lowercase hex byte pairs");
    }
    return HexFormat.of().parseHex(value.textValue());
  }

  /** A lowercase hex member of exactly {@code length} bytes. */
  static byte[] hex(JsonNode request, String name, int length) throws HarnessException {
    byte[] bytes = hex(request, name);
    if (bytes.length != length) {
      throw HarnessException.badRequest(
          name + " must be " + length + " bytes, not " + bytes.length);
    }
    return bytes;
  }

  /** An RFC 3339 UTC timestamp member in the spelling of spec/envelope.md §8. */
  static Instant timestamp(JsonNode request, String name) throws HarnessException {
    JsonNode value = member(request, name);
    if (!value.isTextual()) {
      throw HarnessException.badRequest(name + " is not a string");
    }
    return Timestamps.parse(value.textValue())
        .orElseThrow(
            () ->
                HarnessException.badRequest(
                    name + " is not an RFC 3339 UTC timestamp (spec/envelope.md §8)"));
  }
}
