package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Turns one HTTP exchange into one {@link Operation} call. The checks run in the order of
 * spec/harness.md §5 [HAR-ERR-002], and the first failing one is reported: token (401), path (404),
 * method (405), media type (415), size (413), JSON (400), request schema (400).
 */
final class HarnessRouter implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(HarnessRouter.class);
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

  @Override
  public void handle(HttpExchange exchange) {
    try {
      int status = 200;
      ObjectNode body;
      try {
        body = dispatch(exchange);
      } catch (HarnessException e) {
        status = e.error().status();
        body = Responses.error(e.error(), String.valueOf(e.getMessage()));
        BoundedBody.discard(exchange.getRequestBody());
      } catch (RuntimeException e) {
        LOG.error(
            "harness: internal fault on {} {}",
            exchange.getRequestMethod(),
            exchange.getRequestURI().getRawPath(),
            e);
        status = HarnessError.INTERNAL.status();
        body = Responses.error(HarnessError.INTERNAL, "internal fault: " + e.getClass().getName());
      }
      respond(exchange, status, body);
    } catch (IOException e) {
      // the client went away or the request timed out: nobody to answer
      LOG.debug("harness: connection dropped: {}", e.toString());
    } finally {
      exchange.close();
    }
  }

  private ObjectNode dispatch(HttpExchange exchange) throws HarnessException, IOException {
    if (!token.accepts(exchange.getRequestHeaders().get("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"web4-harness\"");
      throw new HarnessException(
          HarnessError.UNAUTHORIZED, "missing or wrong Authorization: Bearer token");
    }
    String path = exchange.getRequestURI().getRawPath();
    Map<String, Operation> byMethod = operations.get(path);
    if (byMethod == null) {
      throw new HarnessException(HarnessError.NOT_FOUND, "no harness operation at " + path);
    }
    Operation op = byMethod.get(exchange.getRequestMethod());
    if (op == null) {
      String allow = String.join(", ", byMethod.keySet());
      exchange.getResponseHeaders().set("Allow", allow);
      throw new HarnessException(
          HarnessError.METHOD_NOT_ALLOWED, path + " allows " + allow + " only");
    }
    if (!op.method().equals("POST")) {
      return op.handle(Responses.object());
    }
    checkMediaType(exchange.getRequestHeaders().get("Content-Type"));
    byte[] bytes = BoundedBody.read(exchange.getRequestBody(), contentLength(exchange));
    JsonNode request;
    try {
      request = parser.parse(bytes);
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

  private static String key(Operation op) {
    return op.method() + " " + op.path();
  }

  /** [HAR-ERR-004] application/json, optionally with charset=utf-8. */
  private static void checkMediaType(@Nullable List<String> contentType) throws HarnessException {
    if (contentType == null || contentType.size() != 1) {
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

  private static long contentLength(HttpExchange exchange) {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JsonCanonicalizer.canonicalString(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", JSON);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
