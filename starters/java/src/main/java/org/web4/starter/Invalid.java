package org.web4.starter;

/**
 * A verdict about the data of a well-formed request (spec/harness.md HAR-API-004): the harness
 * answers it with status 200 and {@code {"result":"invalid","error":{"code":CODE,"message":...}}}.
 * The code is one of spec/envelope.md §14, for example {@code INVALID_ENVELOPE}, {@code
 * SIGNATURE_MISMATCH}, {@code TIMESTAMP} or {@code REPLAY}.
 */
public final class Invalid extends Exception {
  private static final long serialVersionUID = 1L;

  private final String code;

  public Invalid(String code, String message) {
    super(message);
    this.code = code;
  }

  /** The error code of spec/envelope.md §14. */
  public String code() {
    return code;
  }
}
