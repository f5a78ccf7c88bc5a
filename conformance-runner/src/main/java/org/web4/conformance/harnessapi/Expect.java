package org.web4.conformance.harnessapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.web4.envelope.SchemaCatalog;

/**
 * The verdict helpers of the harness checks: each failure names the request, the reply and the
 * rule.
 */
final class Expect {
  private Expect() {}

  /** Status, JSON content type, and a body valid against the operation's (or the error) schema. */
  static JsonNode reply(RawHarness.Reply r, int status, String schema) {
    if (r.status != status) {
      throw new AssertionError("expected status " + status + "\n  " + r);
    }
    if (!r.header("Content-Type")
        .toLowerCase(java.util.Locale.ROOT)
        .startsWith("application/json")) {
      throw new AssertionError(
          "expected Content-Type application/json, got \""
              + r.header("Content-Type")
              + "\"\n  "
              + r);
    }
    JsonNode json = r.json;
    if (json == null || !json.isObject()) {
      throw new AssertionError("expected a JSON object body\n  " + r);
    }
    List<String> violations =
        SchemaCatalog.describe(SchemaCatalog.get().schema("harness/" + schema).validate(json));
    if (!violations.isEmpty()) {
      throw new AssertionError(
          "reply does not conform to schemas/harness/" + schema + ": " + violations + "\n  " + r);
    }
    return json;
  }

  /** A refusal: the status and the error code of spec/harness.md Table 5, with the error schema. */
  static void refusal(RawHarness.Reply r, int status, String code) {
    JsonNode json = reply(r, status, "error.schema.json");
    String actual = json.path("error").path("code").asText();
    if (!actual.equals(code)) {
      throw new AssertionError("expected error code " + code + ", got " + actual + "\n  " + r);
    }
  }

  static void that(boolean condition, String expectation, RawHarness.Reply r) {
    if (!condition) {
      throw new AssertionError("expected " + expectation + "\n  " + r);
    }
  }
}
