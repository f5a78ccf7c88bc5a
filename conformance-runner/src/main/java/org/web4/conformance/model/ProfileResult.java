package org.web4.conformance.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the implementation conforms to one profile in a run (issue 15 decision 4): it conforms
 * only when every applicable requirement of the profile passed and none is untested.
 *
 * @param profile the profile
 * @param verdict conforms, does not conform, or not judged (the run's selection left checks out)
 * @param passed how many requirements of the profile passed
 * @param failed the requirements of the profile that failed (or failed as expected), in ID order
 * @param untested its untested requirements without a declared reason, in ID order
 * @param notApplicable its requirements whose every check of the profile was not applicable
 * @param unmet the requirements of {@code full} that were not applicable because the implementation
 *     or its target lacked something (a capability, a harness, an RTT address): {@code full} means
 *     every requirement, so these keep it from conforming
 */
public record ProfileResult(
    Profile profile,
    Verdict verdict,
    int passed,
    List<String> failed,
    List<String> untested,
    List<String> notApplicable,
    List<String> unmet) {

  /** A profile's verdict. */
  public enum Verdict {
    CONFORMS("conforms"),
    DOES_NOT_CONFORM("does_not_conform"),
    NOT_JUDGED("not_judged");

    private final String label;

    Verdict(String label) {
      this.label = label;
    }

    /** The spelling of report.json. */
    public String label() {
      return label;
    }
  }

  public ProfileResult {
    failed = List.copyOf(failed);
    untested = List.copyOf(untested);
    notApplicable = List.copyOf(notApplicable);
    unmet = List.copyOf(unmet);
  }

  /**
   * Whether this verdict fails a run of this profile on its own, beyond its failed cases (which
   * fail the run, unless listed as expected failures) and its untested requirements (the coverage
   * gate): nothing of the profile passed, or — for {@code full} — the implementation lacked
   * something a requirement needs.
   */
  public boolean failsTheRun() {
    return verdict == Verdict.DOES_NOT_CONFORM && (passed == 0 || !unmet.isEmpty());
  }

  /**
   * One line: {@code profile library: does not conform (40 passed; failed: ENV-JCS-003; 12 not
   * applicable)}.
   */
  public String line() {
    List<String> parts = new ArrayList<>();
    parts.add(passed + " passed");
    if (!failed.isEmpty()) {
      parts.add("failed: " + String.join(", ", failed));
    }
    if (!untested.isEmpty()) {
      parts.add("untested: " + String.join(", ", untested));
    }
    if (!unmet.isEmpty()) {
      parts.add("not applicable to this implementation: " + String.join(", ", unmet));
    } else if (!notApplicable.isEmpty()) {
      parts.add(notApplicable.size() + " not applicable");
    }
    return "profile "
        + profile.label()
        + ": "
        + verdict.label().replace('_', ' ')
        + " ("
        + String.join("; ", parts)
        + ")";
  }
}
