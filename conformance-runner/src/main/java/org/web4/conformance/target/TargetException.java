package org.web4.conformance.target;

/**
 * The implementation under test could not be reached or started, or its descriptor is invalid. Not
 * a verdict on conformance (exit code 2).
 */
public final class TargetException extends Exception {
  private static final long serialVersionUID = 1L;

  public TargetException(String message) {
    super(message);
  }

  public TargetException(String message, Throwable cause) {
    super(message, cause);
  }
}
