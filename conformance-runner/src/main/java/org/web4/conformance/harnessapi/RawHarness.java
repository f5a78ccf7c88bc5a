package org.web4.conformance.harnessapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Raw HTTP to an implementation's harness: any method, path, headers and body — including the wrong
 * ones the harness must refuse — and the reply as it came (status, headers, bytes).
 */
final class RawHarness {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Hang guards, not measurements: a reply that takes longer counts as none. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String token;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(CONNECT_TIMEOUT)
          .build();

  RawHarness(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  String token() {
    return token;
  }

  URI base() {
    return base;
  }

  /** A reply: status, headers, body, and the body as JSON when it is JSON. */
  static final class Reply {
    final String request;
    final int status;
    final Map<String, List<String>> headers;
    final String body;
    final @Nullable JsonNode json;

    Reply(String request, int status, Map<String, List<String>> headers, String body) {
      this.request = request;
      this.status = status;
      this.headers = headers;
      this.body = body;
      JsonNode parsed;
      try {
        parsed = JSON.readTree(body);
      } catch (IOException e) {
        parsed = null;
      }
      this.json = parsed;
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> h : headers.entrySet()) {
        if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
          return h.getValue().get(0);
        }
      }
      return "";
    }

    @Override
    public String toString() {
      String shown =
          body.length() <= 500
              ? body
              : body.substring(0, 500) + "... (" + body.length() + " characters)";
      return request + " -> " + status + " " + shown;
    }
  }

  /** {@code method path} with the right token and a JSON body (null: no body). */
  Reply call(String method, String path, @Nullable String jsonBody) throws Exception {
    return send(method, path, "Bearer " + token, "application/json", bytes(jsonBody));
  }

  /** Anything: a null authorization or content type sends no such header. */
  Reply send(
      String method,
      String path,
      @Nullable String authorization,
      @Nullable String contentType,
      byte @Nullable [] body)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT);
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    String shown = body == null ? "" : " " + abbreviate(new String(body, StandardCharsets.UTF_8));
    HttpResponse<String> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpConnectTimeoutException e) {
      // silence is the harness's answer, as WireExchange.read counts it: a failure, not a kit error
      throw new AssertionError(
          "the harness did not accept a connection within "
              + CONNECT_TIMEOUT.toSeconds()
              + " s\n  "
              + method
              + " "
              + path
              + shown,
          e);
    } catch (HttpTimeoutException e) {
      throw new AssertionError(
          "no reply within "
              + TIMEOUT.toSeconds()
              + " s (the harness was silent)\n  "
              + method
              + " "
              + path
              + shown,
          e);
    }
    return new Reply(method + " " + path + shown, r.statusCode(), r.headers().map(), r.body());
  }

  private static byte @Nullable [] bytes(@Nullable String s) {
    return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " bytes)";
  }
}
