package org.web4.conformance.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;

/** Hand-made finished runs of web4-reference 0.5.0 (profile full) for tests of what reports say. */
public final class HandMadeRuns {
  private HandMadeRuns() {}

  public static RunResult of(
      List<CaseResult> cases,
      List<RequirementCoverage.Entry> requirements,
      List<ProfileResult> profiles) {
    RunHeader header =
        new RunHeader(
            "reference",
            "web4-reference",
            "0.5.0",
            null,
            "0",
            "0.5.0",
            "00",
            "classpath",
            1,
            Profile.FULL,
            null,
            null,
            Instant.EPOCH,
            Duration.ZERO,
            List.of());
    return new RunResult(
        header,
        cases,
        CapturedOutput.none(),
        List.of(),
        new RequirementCoverage(requirements),
        profiles);
  }
}
