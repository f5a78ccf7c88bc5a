package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One harness operation: where it lives, what it accepts, what it does. */
interface Operation {
  /** The path below {@link HarnessServer#BASE_PATH}, e.g. {@code "sign/raw"}. */
  String path();

  /** {@code "GET"} or {@code "POST"}. */
  String method();

  /**
   * The request schema under {@code schemas/}, e.g. {@code "harness/sign_raw.request.schema.json"};
   * only POST bodies are validated against it.
   */
  String requestSchema();

  /** Answers a request whose body has passed {@link #requestSchema()} (GET: an empty object). */
  ObjectNode handle(JsonNode request) throws HarnessException;
}
