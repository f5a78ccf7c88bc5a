package org.web4.conformance.select;

/**
 * A selection the user asked for cannot be made: an ID that matches nothing, a report to rerun that
 * cannot be read, or a selection that leaves no check. A usage error (exit 2); the message is one
 * line naming the option.
 */
public final class SelectionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SelectionException(String message) {
    super(message);
  }

  public SelectionException(String message, Throwable cause) {
    super(message, cause);
  }
}
