package org.web4.harness;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HexFormat;

/** Builds the JSON bodies the harness answers with. */
final class Responses {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private Responses() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code {"result":"valid"}} */
  static ObjectNode valid() {
    ObjectNode out = object();
    out.put("result", "valid");
    return out;
  }

  /** {@code {"result":"invalid","error":{"code":…,"message":…}}} */
  static ObjectNode invalid(Rejection rejection) {
    ObjectNode out = object();
    out.put("result", "invalid");
    ObjectNode error = out.putObject("error");
    error.put("code", rejection.code().name());
    error.put("message", rejection.message());
    return out;
  }

  /** {@code {"error":{"code":…,"message":…}}}: the body of every non-200 response. */
  static ObjectNode error(HarnessError code, String message) {
    ObjectNode out = object();
    ObjectNode error = out.putObject("error");
    error.put("code", code.name());
    error.put("message", message);
    return out;
  }
}
