package org.web4.conformance.harness;

import org.jspecify.annotations.Nullable;

/**
 * A harness call did not give a usable answer: a non-2xx status, a timeout, a connection failure or
 * a reply that is not the JSON the harness contract promises. Carries the request and the raw reply
 * so that the report can show them.
 */
public final class HarnessException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String requestBody;
  private final int status;
  private final @Nullable String rawReply;

  public HarnessException(
      String operation,
      String requestBody,
      int status,
      @Nullable String rawReply,
      String message,
      @Nullable Throwable cause) {
    super(operation + ": " + message, cause);
    this.operation = operation;
    this.requestBody = requestBody;
    this.status = status;
    this.rawReply = rawReply;
  }

  /** The operation path, e.g. {@code POST /verify/envelope}. */
  public String operation() {
    return operation;
  }

  /** The request body as sent. */
  public String requestBody() {
    return requestBody;
  }

  /** The HTTP status, or -1 if no response arrived. */
  public int status() {
    return status;
  }

  /** The response body as received, if any. */
  public @Nullable String rawReply() {
    return rawReply;
  }
}
