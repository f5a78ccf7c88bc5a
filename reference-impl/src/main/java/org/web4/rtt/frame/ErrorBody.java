package org.web4.rtt.frame;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The body of an ERROR frame (spec/rtt.md §4.3): the RFC 8785 form of {@code
 * {"code":…,"frame":SEQ|null,"msg_id":…|null,"text":…}}.
 *
 * @param code an error code of spec/envelope.md Table 14
 * @param frame the sequence number of the offending frame (for a message, its last fragment)
 * @param msgId the offending envelope's {@code msg_id}, when it is known
 * @param text a human-readable explanation
 */
public record ErrorBody(String code, @Nullable Long frame, @Nullable String msgId, String text) {
  /**
   * spec/rtt.md Table 4.3: any code of this shape is accepted, registered or not [RTT-ERR-005];
   * what this side sends is always a code of spec/envelope.md Table 14.
   */
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

  /** The {@code msg_id} form of ENV-MSG-001 (lowercase UUID version 4). */
  private static final Pattern MSG_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  /** The largest sequence number, 2^32 − 1. */
  private static final long MAX_SEQUENCE = 0xFFFF_FFFFL;

  public byte[] encode() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("code", code);
    if (frame == null) {
      o.putNull("frame");
    } else {
      o.put("frame", frame.longValue());
    }
    if (msgId == null) {
      o.putNull("msg_id");
    } else {
      o.put("msg_id", msgId);
    }
    o.put("text", text);
    return JsonCanonicalizer.canonicalize(o);
  }

  /** Parses an ERROR body; empty when it is not as §4.3 (Table 4.3) defines it [RTT-ERR-005]. */
  public static Optional<ErrorBody> decode(byte[] body) {
    JsonNode o;
    try {
      o = StrictJsonParser.withEnvelopeLimits().parse(body);
    } catch (JsonViolation e) {
      return Optional.empty();
    }
    if (!java.util.Arrays.equals(JsonCanonicalizer.canonicalize(o), body)) {
      return Optional.empty(); // §4.3: the body is the RFC 8785 form
    }
    JsonNode code = o.path("code");
    JsonNode frame = o.path("frame");
    JsonNode msgId = o.path("msg_id");
    JsonNode text = o.path("text");
    if (!o.isObject()
        || o.size() != 4
        || !code.isTextual()
        || !CODE.matcher(code.asText()).matches()
        || !(frame.isNull() || isSequenceNumber(frame))
        || !(msgId.isNull() || (msgId.isTextual() && MSG_ID.matcher(msgId.asText()).matches()))
        || !text.isTextual()) {
      return Optional.empty();
    }
    return Optional.of(
        new ErrorBody(
            code.asText(),
            frame.isNull() ? null : frame.asLong(),
            msgId.isNull() ? null : msgId.asText(),
            text.asText()));
  }

  private static boolean isSequenceNumber(JsonNode frame) {
    return frame.isIntegralNumber()
        && frame.canConvertToLong()
        && frame.longValue() >= 0
        && frame.longValue() <= MAX_SEQUENCE;
  }
}
