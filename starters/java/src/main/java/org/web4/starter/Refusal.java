package org.web4.starter;

import java.util.Map;

/**
 * A request the harness refuses, with the status and code of spec/harness.md Table 5 and any header
 * the refusal needs ({@code WWW-Authenticate} with 401, {@code Allow} with 405).
 */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final Map<String, String> headers;

  Refusal(int status, String code, String message, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = Map.copyOf(headers);
  }

  Refusal(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** 400 BAD_REQUEST: not I-JSON, a schema violation, bad hex or a bad timestamp. */
  static Refusal badRequest(String message) {
    return new Refusal(400, "BAD_REQUEST", message);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, String> headers() {
    return headers;
  }
}
