package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.web4.cli.CommandErrors.InputException;

/**
 * A client of one agent's conformance harness (spec/harness.md): {@code GET} and {@code POST} of
 * the operations of Table 4 with the bearer token, answers parsed as JSON. Every failure — the
 * agent cannot be reached, an answer that is not 200, a body that is not a JSON object — is an
 * {@link InputException} whose message names the URL, so a command prints it as its one line.
 */
public final class HarnessClient {
  /** The base path of harness 1.x (HAR-VER-002). */
  public static final String BASE_PATH = "/harness/v1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final URI base;
  private final String token;
  private final Duration timeout;

  /**
   * @param url the harness as {@code web4 serve} prints it ({@code
   *     http://127.0.0.1:PORT/harness/v1}), or the same without the base path
   * @param token the bearer token
   * @param timeout how long one request may take
   */
  public HarnessClient(String url, String token, Duration timeout) throws InputException {
    this.base = parse(url);
    this.token = token;
    this.timeout = timeout;
  }

  private static URI parse(String url) throws InputException {
    String trimmed = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    if (!trimmed.endsWith(BASE_PATH)) {
      trimmed = trimmed + BASE_PATH;
    }
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new InputException(url + ": not a URL (" + e.getMessage() + ")", e);
    }
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new InputException(
          url + ": not an http:// harness URL (e.g. http://127.0.0.1:8080/harness/v1)");
    }
    return uri;
  }

  /** The harness base URL, ending in {@code /harness/v1}. */
  public URI base() {
    return base;
  }

  /** {@code GET operation} (a path of harness.md Table 4 such as {@code rtt/connections}). */
  public JsonNode get(String operation) throws InputException, InterruptedException {
    return send(operation, HttpRequest.newBuilder(uri(operation)).GET());
  }

  /** {@code POST operation} with {@code body}. */
  public JsonNode post(String operation, JsonNode body)
      throws InputException, InterruptedException {
    return send(
        operation,
        HttpRequest.newBuilder(uri(operation))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
  }

  /** A fresh JSON object for a request body. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  private URI uri(String operation) {
    return URI.create(base + "/" + operation);
  }

  private JsonNode send(String operation, HttpRequest.Builder request)
      throws InputException, InterruptedException {
    String where = base + "/" + operation;
    HttpResponse<String> response;
    try {
      response =
          HTTP.send(
              request.header("Authorization", "Bearer " + token).timeout(timeout).build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new InputException(where + ": cannot reach the harness (" + describe(e) + ")", e);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new InputException(
          where + ": the answer is not JSON (HTTP " + response.statusCode() + ")", e);
    }
    if (response.statusCode() != 200) {
      JsonNode error = body == null ? null : body.path("error");
      throw new InputException(
          where
              + ": HTTP "
              + response.statusCode()
              + (error == null || error.isMissingNode()
                  ? ""
                  : " " + error.path("code").asText() + " " + error.path("message").asText())
              + (response.statusCode() == 401 ? " (check --token)" : ""));
    }
    if (body == null || !body.isObject()) {
      throw new InputException(where + ": the answer is not a JSON object");
    }
    return body;
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
