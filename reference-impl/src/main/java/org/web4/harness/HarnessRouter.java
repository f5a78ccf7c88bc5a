package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Turns one request into one {@link Operation} call, in two steps: {@link #admit} on the headers
 * alone, before any of the body is read [HAR-LIM-004], then {@link #answer} on the complete body.
 * The checks run in the order of spec/harness.md §5 [HAR-ERR-002], and the first failing one is
 * reported: token (401), path (404), method (405), media type (415), size (413), JSON (400),
 * request schema (400).
 */
final class HarnessRouter {
  private static final String JSON = "application/json";

  private final BearerToken token;

  /** Path → method → operation: {@code lip/sources} has two (spec/harness.md §4.13). */
  private final Map<String, Map<String, Operation>> operations = new HashMap<>();

  private final Map<String, Schema> schemas = new HashMap<>();
  private final StrictJsonParser parser = StrictJsonParser.withDepthLimitOnly();

  HarnessRouter(BearerToken token, List<Operation> operations) {
    this.token = token;
    for (Operation op : operations) {
      this.operations
          .computeIfAbsent(HarnessServer.BASE_PATH + "/" + op.path(), p -> new TreeMap<>())
          .put(op.method(), op);
      // compiled up front: a broken schema fails start-up, not the first request
      this.schemas.put(key(op), SchemaCatalog.get().schema(op.requestSchema()));
    }
  }

  /**
   * The operation a request is for, decided on its headers: token, path, method, media type and
   * announced size [HAR-ERR-002, HAR-LIM-004].
   */
  Operation admit(RequestHead head) throws HarnessException {
    if (!token.accepts(head.authorization())) {
      throw new HarnessException(
              HarnessError.UNAUTHORIZED, "missing or wrong Authorization: Bearer token")
          .withHeader("WWW-Authenticate", "Bearer realm=\"web4-harness\"");
    }
    String path = head.rawPath();
    Map<String, Operation> byMethod = operations.get(path);
    if (byMethod == null) {
      throw new HarnessException(HarnessError.NOT_FOUND, "no harness operation at " + path);
    }
    Operation op = byMethod.get(head.method());
    if (op == null) {
      String allow = String.join(", ", byMethod.keySet());
      throw new HarnessException(
              HarnessError.METHOD_NOT_ALLOWED, path + " allows " + allow + " only")
          .withHeader("Allow", allow);
    }
    if (op.method().equals("POST")) {
      checkMediaType(head.contentType());
      // [HAR-LIM-001, HAR-LIM-004] an announced length over the limit is refused at once
      if (head.contentLength() > HarnessLimits.MAX_BODY_BYTES) {
        throw tooLarge();
      }
    }
    return op;
  }

  /** The answer of an admitted operation to its complete body (ignored for a GET). */
  ObjectNode answer(Operation op, byte[] body) throws HarnessException {
    if (!op.method().equals("POST")) {
      return op.handle(Responses.object());
    }
    if (body.length > HarnessLimits.MAX_BODY_BYTES) {
      throw tooLarge();
    }
    JsonNode request;
    try {
      request = parser.parse(body);
    } catch (JsonViolation e) {
      throw HarnessException.badRequest("request body is not I-JSON: " + e.getMessage());
    }
    Schema schema = schemas.get(key(op));
    if (schema != null) {
      List<String> violations = SchemaCatalog.describe(schema.validate(request));
      if (!violations.isEmpty()) {
        throw HarnessException.badRequest(
            "request body violates " + op.requestSchema() + ": " + String.join("; ", violations));
      }
    }
    return op.handle(request);
  }

  static HarnessException tooLarge() {
    return new HarnessException(
        HarnessError.TOO_LARGE,
        "the request body is larger than " + HarnessLimits.MAX_BODY_BYTES + " bytes");
  }

  private static String key(Operation op) {
    return op.method() + " " + op.path();
  }

  /** [HAR-ERR-004] application/json, optionally with charset=utf-8. */
  private static void checkMediaType(List<String> contentType) throws HarnessException {
    if (contentType.size() != 1) {
      throw unsupportedMediaType();
    }
    String[] parts = contentType.get(0).split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase(JSON)) {
      throw unsupportedMediaType();
    }
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
      if (parameter.startsWith("charset=")
          && !parameter.equals("charset=utf-8")
          && !parameter.equals("charset=\"utf-8\"")) {
        throw unsupportedMediaType();
      }
    }
  }

  private static HarnessException unsupportedMediaType() {
    return new HarnessException(
        HarnessError.UNSUPPORTED_MEDIA_TYPE, "a request body must be " + JSON + " (UTF-8)");
  }
}
