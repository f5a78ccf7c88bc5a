package org.web4.conformance.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/** Text that should be JSON, kept as JSON if it is and as a JSON string if it is not. */
final class JsonText {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonText() {}

  static JsonNode parseOrString(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      return n == null || n.isMissingNode() ? TextNode.valueOf(text) : n;
    } catch (JsonProcessingException e) {
      return TextNode.valueOf(text);
    }
  }
}
