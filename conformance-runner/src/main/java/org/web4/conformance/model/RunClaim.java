package org.web4.conformance.model;

/**
 * The last word on a run, in the console and at the top of report.html (issue 16: the console ended
 * with case counts, and the page said "CONFORMS (no failures)" with requirements untested): the
 * claim the run supports for its profile, in one line.
 */
public final class RunClaim {
  private RunClaim() {}

  /**
   * {@code CONFORMS: web4-reference 0.5.0 conforms to profile full (221 requirements passed, 2
   * untested as spec/README.md §7 allows)}, {@code DOES NOT CONFORM: … to profile core (3
   * requirements failed, 1 failed as expected)} or {@code NOT JUDGED: …}.
   */
  public static String claim(RunResult run) {
    RunHeader h = run.header();
    String who =
        h.implementationName() == null
            ? h.targetName()
            : h.implementationName()
                + (h.implementationVersion() == null ? "" : " " + h.implementationVersion());
    ProfileResult p =
        run.profiles().stream().filter(r -> r.profile() == h.profile()).findFirst().orElse(null);
    String profile = "profile " + h.profile().label();
    int passed = count(run, RequirementVerdict.PASSED);
    int failed = count(run, RequirementVerdict.FAILED);
    int expected = count(run, RequirementVerdict.EXPECTED_FAILURE);
    int untested = count(run, RequirementVerdict.UNTESTED);
    if (p == null || p.verdict() == ProfileResult.Verdict.NOT_JUDGED) {
      return "NOT JUDGED: "
          + who
          + " was not judged against "
          + profile
          + " (the selection left checks out; "
          + passed
          + " requirements passed, "
          + failed
          + " failed)";
    }
    if (p.verdict() == ProfileResult.Verdict.CONFORMS) {
      return "CONFORMS: "
          + who
          + " conforms to "
          + profile
          + " ("
          + passed
          + " requirements passed"
          + (untested == 0 ? "" : ", " + untested + " untested as spec/README.md §7 allows")
          + ")";
    }
    StringBuilder why = new StringBuilder();
    why.append(p.failed().size()).append(" requirements failed");
    if (expected > 0) {
      why.append(" (").append(expected).append(" as expected)");
    }
    if (!p.untested().isEmpty()) {
      why.append(", ").append(p.untested().size()).append(" untested");
    }
    if (!p.unmet().isEmpty()) {
      why.append(", ").append(p.unmet().size()).append(" not applicable to it");
    }
    return "DOES NOT CONFORM: " + who + " does not conform to " + profile + " (" + why + ")";
  }

  private static int count(RunResult run, RequirementVerdict verdict) {
    return run.coverage().counts().getOrDefault(verdict, 0);
  }
}
