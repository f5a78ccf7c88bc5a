package org.web4.harness;

/** A request the harness refuses, with the error to report (spec/harness.md §5). */
public final class HarnessException extends Exception {
  private static final long serialVersionUID = 1L;

  private final HarnessError error;

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
}
