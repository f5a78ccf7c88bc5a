package org.web4.conformance.testing;

import com.fasterxml.jackson.databind.JsonNode;

/** Finds an element of a JSON array by one member's value. */
public final class JsonFind {
  private JsonFind() {}

  public static JsonNode element(JsonNode array, String member, String value) {
    for (JsonNode n : array) {
      if (n.path(member).asText().equals(value)) {
        return n;
      }
    }
    throw new AssertionError("no element with " + member + " = " + value + " in " + array);
  }
}
