package org.web4.starter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Answers every harness request: the checks of spec/harness.md HAR-ERR-002 in their order (token
 * 401, path 404, method 405, media type 415, body size 413, JSON 400, request members 400), then
 * the operation. Every answer, whatever its status, is a JSON object with {@code Content-Type:
 * application/json} (HAR-API-001).
 */
final class HarnessHandler implements HttpHandler {
  static final String BASE_PATH = "/harness/v1/";

  private final Implementation implementation;
  private final byte[] tokenDigest;
  private final Map<String, Operation> listed = new LinkedHashMap<>();
  private final Map<String, Object> info;

  HarnessHandler(Implementation implementation, String token, List<Operation> implemented) {
    this.implementation = implementation;
    this.tokenDigest = sha256(token);
    for (Operation op : implemented) {
      listed.put(op.path(), op);
    }
    this.info = Info.of(implementation, listed.keySet());
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        send(exchange, 200, answer(exchange), Map.of());
      } catch (Refusal r) {
        // [HAR-LIM-004] the refusal goes out at once; what the client still sends is then read and
        // dropped (bounded) so that it reads the refusal rather than a reset
        refuse(exchange, r.status(), error(r.code(), String.valueOf(r.getMessage())), r.headers());
      } catch (RuntimeException e) { // a fault of the implementation (Table 5)
        send(exchange, 500, error("INTERNAL", e.toString()), Map.of());
      }
    }
  }

  private Map<String, Object> answer(HttpExchange exchange) throws Refusal, IOException {
    if (!authorized(
        exchange.getRequestHeaders().getOrDefault("Authorization", List.of()))) { // 1. HAR-TRN-003
      throw new Refusal(
          401,
          "UNAUTHORIZED",
          "missing or wrong bearer token",
          Map.of("WWW-Authenticate", "Bearer"));
    }
    String path = exchange.getRequestURI().getRawPath();
    String name = path.startsWith(BASE_PATH) ? path.substring(BASE_PATH.length()) : "";
    String method = name.equals("info") ? "GET" : "POST";
    if (!name.equals("info") && !name.equals("reset") && !listed.containsKey(name)) {
      // 2. HAR-VER-002; an operation whose capability is not listed is 404 too (HAR-INFO-003)
      throw new Refusal(404, "NOT_FOUND", "no operation at " + path);
    }
    if (!exchange.getRequestMethod().equals(method)) { // 3. HAR-ERR-003
      throw new Refusal(
          405, "METHOD_NOT_ALLOWED", name + " takes " + method, Map.of("Allow", method));
    }
    if (method.equals("GET")) {
      return info; // the body of a GET is ignored (HAR-ERR-004)
    }
    if (!jsonMediaType(
        exchange.getRequestHeaders().getOrDefault("Content-Type", List.of()))) { // 4. HAR-ERR-004
      throw new Refusal(
          415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json; charset utf-8");
    }
    byte[] body = RequestBody.read(exchange.getRequestBody(), announcedLength(exchange)); // 5.
    Object request = StrictJson.parse(body); // 6. HAR-API-003
    if (name.equals("reset")) { // 7. request members, then the operation
      Requests.members(request, Set.of(), Set.of());
      implementation.reset();
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("reset", true);
      return out;
    }
    Operation op = listed.get(name);
    if (op == null) {
      throw new IllegalStateException("listed above: " + name);
    }
    return op.answer(implementation, request);
  }

  /** The bearer token, compared as SHA-256 digests in constant time (spec/harness.md §1). */
  private boolean authorized(List<String> values) {
    if (values.size() != 1) {
      return false;
    }
    String[] parts = values.get(0).strip().split("\\s+", 2);
    return parts.length == 2
        && parts[0].equalsIgnoreCase("Bearer")
        && MessageDigest.isEqual(sha256(parts[1].strip()), tokenDigest);
  }

  /** {@code application/json} in any case, parameters allowed, a charset only {@code utf-8}. */
  private static boolean jsonMediaType(List<String> values) {
    if (values.size() != 1) {
      return false;
    }
    String[] parts = values.get(0).split(";", -1);
    if (!parts[0].strip().equalsIgnoreCase("application/json")) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv[0].strip().equalsIgnoreCase("charset")) {
        String charset = kv.length == 2 ? kv[1].strip().replace("\"", "") : "";
        if (!charset.toLowerCase(Locale.ROOT).equals("utf-8")) {
          return false;
        }
      }
    }
    return true;
  }

  private static long announcedLength(HttpExchange exchange) throws Refusal {
    String value = exchange.getRequestHeaders().getFirst("Content-Length");
    if (value == null) {
      return -1;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw Refusal.badRequest("malformed Content-Length");
    }
  }

  private static Map<String, Object> error(String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    return Map.of("error", error);
  }

  private static void send(
      HttpExchange exchange, int status, Map<String, Object> body, Map<String, String> headers)
      throws IOException {
    send(exchange, status, body, headers, false);
  }

  private static void send(
      HttpExchange exchange,
      int status,
      Map<String, Object> body,
      Map<String, String> headers,
      boolean drainRequest)
      throws IOException {
    byte[] bytes = JsonWriter.write(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    if (exchange.getRequestMethod().equals("HEAD")) {
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
      if (drainRequest) {
        out.flush(); // the answer goes out before the rest of the body is read
        RequestBody.drain(exchange.getRequestBody());
      }
    }
  }

  /** A refusal, then what the client still sends is read and dropped (bounded) [HAR-LIM-004]. */
  private static void refuse(
      HttpExchange exchange, int status, Map<String, Object> body, Map<String, String> headers)
      throws IOException {
    send(exchange, status, body, headers, true);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
