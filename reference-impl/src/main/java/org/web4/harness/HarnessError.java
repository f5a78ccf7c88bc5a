package org.web4.harness;

/** The errors of the harness itself (spec/harness.md §5), each with its HTTP status. */
public enum HarnessError {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  /** [HAR-LIM-005] The request line or the header section is over its limit. */
  HEADERS_TOO_LARGE(431),
  INTERNAL(500),
  /** The harness holds as many connections or request bodies as it can (spec/harness.md §6). */
  BUSY(503);

  private final int status;

  HarnessError(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
