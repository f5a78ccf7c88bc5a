package org.web4.conformance.spec;

/**
 * The runner itself is misconfigured: a check names a requirement ID that is not in spec/, an ID is
 * defined twice, a resource is missing. Not a verdict on the implementation (exit code 2).
 */
public final class RunnerConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunnerConfigurationException(String message) {
    super(message);
  }

  public RunnerConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
