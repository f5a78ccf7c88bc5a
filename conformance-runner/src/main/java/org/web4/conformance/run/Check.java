package org.web4.conformance.run;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseKind;

/** One case: it has a stable id, names the requirements it checks, and runs against a target. */
public interface Check {
  /**
   * Stable id, e.g. {@code jcs/jcs_test.json#12} or {@code features/cip/handshake.feature:Name}.
   */
  String id();

  String title();

  CaseKind kind();

  /** The requirement IDs (spec/README.md §2.4); each must be defined in spec/. */
  List<String> requirements();

  /**
   * What the check needs from the implementation and the run (capabilities, wire, harness); null
   * when its suite's profile says it. {@link Needs#of} decides; a check whose needs the run cannot
   * meet is reported not applicable without running.
   */
  default @Nullable Needs needs() {
    return null;
  }

  /**
   * Runs the check. A {@link org.web4.conformance.harness.HarnessException} or any other exception
   * makes the case ERRORED; return {@link CheckOutcome#failed} for a wrong answer.
   */
  CheckOutcome run(CheckContext context) throws Exception;
}
