package org.web4.conformance.junit;

/**
 * The kit could not run (what exits 2 on the command line): the target did not answer, the vectors
 * failed verification, a check names an unknown requirement, a report could not be written. The
 * message is one line naming the cause.
 */
public final class Web4ConformanceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  Web4ConformanceException(String message, Throwable cause) {
    super(message, cause);
  }
}
