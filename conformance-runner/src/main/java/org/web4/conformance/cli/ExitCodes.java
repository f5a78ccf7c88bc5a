package org.web4.conformance.cli;

/** The CLI's exit codes, and their lines in the help (docs/adr/0302-coverage-gate.md). */
final class ExitCodes {
  /** Every check that ran passed, and every requirement was tested or has a declared reason. */
  static final int OK = 0;

  /**
   * A check failed or errored, an expected failure went stale, or a requirement is untested without
   * a reason declared in spec/README.md §7 (the coverage gate).
   */
  static final int FAILED = 1;

  /** Usage error, tampered vectors, runner configuration error, or an unreachable target. */
  static final int USAGE = 2;

  /**
   * The run was interrupted (Ctrl-C): a partial report was written. What a shell reports for a
   * process ended by SIGINT (128 + 2); seen only when the interrupt came as the run ended.
   */
  static final int INTERRUPTED = 130;

  static final String OK_TEXT = "0:every check passed; no requirement untested without a reason";
  static final String FAILED_TEXT =
      "1:a check failed or errored, an expected failure is stale, or a requirement is untested"
          + " without a reason declared in spec/README.md §7";
  static final String USAGE_TEXT = "2:usage, vectors, runner configuration or target error";

  private ExitCodes() {}
}
