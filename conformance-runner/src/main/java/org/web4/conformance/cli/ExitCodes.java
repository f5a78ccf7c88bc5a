package org.web4.conformance.cli;

/** The CLI's exit codes. */
final class ExitCodes {
  /** Every check that ran passed (or the command succeeded). */
  static final int OK = 0;

  /** At least one check failed or errored. */
  static final int FAILED = 1;

  /** Usage error, tampered vectors, runner configuration error, or an unreachable target. */
  static final int USAGE = 2;

  private ExitCodes() {}
}
