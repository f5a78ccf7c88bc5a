package org.web4.conformance.junit;

/**
 * A check could not reach a verdict (the harness answered garbage, timed out, the connection
 * broke): the JUnit Platform reports it as an error, not as a failed assertion. The message carries
 * the check's one-line explanation and the trace the runner recorded.
 */
public final class CheckErroredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  CheckErroredException(String message) {
    super(message, null, false, false);
  }
}
