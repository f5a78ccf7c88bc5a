package org.web4.conformance.scenarios;

/**
 * Thrown by a step that finds, while it runs, that the scenario cannot be run against this target
 * at all — not that the implementation misbehaved: the case is reported not applicable, with the
 * reason, never failed (e.g. RTT-LIM-006 needs a second source address, which only a loopback
 * target gives the tester).
 */
public final class NotApplicableHere extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param reason what the run lacks, worded to follow "not applicable: "
   */
  public NotApplicableHere(String reason) {
    super(reason, null, false, false);
  }
}
