package org.web4.conformance.judge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * spec/rtt.md §4.3 with the spec 0.4.0 decisions, as a strict receiver applies it to an ERROR body
 * the implementation sent [RTT-ERR-002] "Every ERROR body an endpoint sends MUST be as above": the
 * UTF-8 RFC 8785 form of an object with exactly {@code code} (matching {@code
 * ^[A-Z][A-Z0-9_]{0,31}$}; unregistered codes of that shape are allowed), {@code frame} (null or an
 * integer 0..4294967295), {@code msg_id} (null or a msg_id of the ENV-MSG-001 form) and {@code
 * text} (a string); a HANDSHAKE error names no frame and no msg_id. Stateless.
 */
final class ErrorBodyRules {
  private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

  /** spec/envelope.md ENV-MSG-001: a lowercase RFC 9562 UUID version 4. */
  static final Pattern MSG_ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private static final Set<String> MEMBERS = Set.of("code", "frame", "msg_id", "text");
  private static final long MAX_SEQUENCE = 0xFFFF_FFFFL;

  private ErrorBodyRules() {}

  /** Every way the body departs from §4.3; empty when it is as defined. */
  static List<String> problems(byte[] body) {
    JsonNode o;
    try {
      o = StrictJsonParser.withEnvelopeLimits().parse(body);
    } catch (JsonViolation e) {
      return List.of("not I-JSON: " + e.getMessage());
    }
    List<String> problems = new ArrayList<>();
    if (!Arrays.equals(JsonCanonicalizer.canonicalize(o), body)) {
      problems.add("not in its RFC 8785 form");
    }
    if (!o.isObject()) {
      problems.add("not a JSON object");
      return problems;
    }
    Set<String> members = new TreeSet<>();
    o.fieldNames().forEachRemaining(members::add);
    if (!members.equals(MEMBERS)) {
      problems.add("members " + members + "; exactly [code, frame, msg_id, text]");
    }
    JsonNode code = o.path("code");
    if (!code.isTextual() || !CODE.matcher(code.asText()).matches()) {
      problems.add("code " + code + " does not match ^[A-Z][A-Z0-9_]{0,31}$");
    }
    JsonNode frame = o.path("frame");
    if (!frame.isNull()
        && !(frame.isIntegralNumber()
            && frame.canConvertToLong()
            && frame.asLong() >= 0
            && frame.asLong() <= MAX_SEQUENCE)) {
      problems.add("frame " + frame + " is neither null nor a sequence number 0..4294967295");
    }
    JsonNode msgId = o.path("msg_id");
    if (!msgId.isNull() && !(msgId.isTextual() && MSG_ID.matcher(msgId.asText()).matches())) {
      problems.add("msg_id " + msgId + " is neither null nor a msg_id of the ENV-MSG-001 form");
    }
    if (!o.path("text").isTextual()) {
      problems.add("text " + o.path("text") + " is not a string");
    }
    // spec 0.4.0 (RTT-HS-005): the refusal of a handshake names no frame and no envelope
    if (code.asText().equals("HANDSHAKE") && (!frame.isNull() || !msgId.isNull())) {
      problems.add("a HANDSHAKE error has frame null and msg_id null");
    }
    return problems;
  }
}
