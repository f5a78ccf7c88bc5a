package org.web4.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The inner envelope's {@code msg_id} for a relay's events when step R4 did not read it (a drop at
 * R1–R3): read if the envelope is canonical base64 of JSON with a UUID {@code msg_id}, else null
 * (spec/events.md: "null when step R4 could not read it").
 */
final class InnerPeek {
  private static final Pattern UUID =
      Pattern.compile("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

  private InnerPeek() {}

  static @Nullable String msgId(String base64) {
    try {
      JsonNode root =
          StrictJsonParser.withEnvelopeLimits().parse(RelayJudge.canonicalBase64(base64));
      String id = root.path("msg_id").asText("");
      return UUID.matcher(id).matches() ? id : null;
    } catch (IllegalArgumentException | JsonViolation e) {
      return null;
    }
  }
}
