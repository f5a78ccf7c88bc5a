package org.web4.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/** A request the harness refuses, with the error to report (spec/harness.md §5). */
public final class HarnessException extends Exception {
  private static final long serialVersionUID = 1L;

  private final HarnessError error;

  /** Response headers the refusal needs ({@code WWW-Authenticate}, {@code Allow}). */
  private final Map<String, String> headers = new LinkedHashMap<>();

  public HarnessException(HarnessError error, String message) {
    super(message);
    this.error = error;
  }

  public static HarnessException badRequest(String message) {
    return new HarnessException(HarnessError.BAD_REQUEST, message);
  }

  public HarnessError error() {
    return error;
  }

  /** Adds a response header to the refusal; returns this. */
  HarnessException withHeader(String name, String value) {
    headers.put(name, value);
    return this;
  }

  Map<String, String> headers() {
    return Map.copyOf(headers);
  }
}
