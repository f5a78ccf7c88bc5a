package org.web4.harness;

/** The errors of the harness itself (spec/harness.md §5), each with its HTTP status. */
public enum HarnessError {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  TOO_LARGE(413),
  UNSUPPORTED_MEDIA_TYPE(415),
  INTERNAL(500);

  private final int status;

  HarnessError(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }
}
