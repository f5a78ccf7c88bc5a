package org.web4.conformance.report.digest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Outcome;

/**
 * What the Markdown summary, the EARL export and the comparison page need from one {@code
 * report.json} (schemas/report/report.schema.json), read from the file itself so that a report
 * written by another run, or another kit version of the same report format, reads the same.
 *
 * @param target the target's name
 * @param implementationName the implementation's name from its harness, if it was reached
 * @param implementationVersion its version, if it was reached
 * @param kitVersion the kit that wrote the report
 * @param specVersion the spec the kit checked against
 * @param vectorsManifestSha256 the vectors manifest the kit checked with
 * @param profile the run's profile
 * @param seed the run's seed
 * @param startedAt when the run started (ISO-8601 instant)
 * @param succeeded the run's exit verdict
 * @param interrupted why the run was interrupted, for a partial report; else null
 * @param outcomeCounts how many cases ended with each outcome, in {@link Outcome} order
 * @param requirementSummary the coverage gate's summary line
 * @param profiles the claim for each profile the run covers
 * @param requirements every requirement in the report's order
 * @param cases every case by id, in the report's order
 */
public record ReportDigest(
    String target,
    @Nullable String implementationName,
    @Nullable String implementationVersion,
    String kitVersion,
    String specVersion,
    String vectorsManifestSha256,
    String profile,
    long seed,
    String startedAt,
    boolean succeeded,
    @Nullable String interrupted,
    Map<String, Integer> outcomeCounts,
    String requirementSummary,
    List<ProfileClaim> profiles,
    List<Requirement> requirements,
    Map<String, Case> cases) {

  /** A profile's verdict: {@code conforms}, {@code does_not_conform} or {@code not_judged}. */
  public record ProfileClaim(String profile, String verdict, String summary) {}

  /**
   * One requirement as the report gives it.
   *
   * @param verdict the report's spelling of its verdict (e.g. {@code expected_failure})
   * @param why for an untested or not selected requirement, why; else null
   * @param caseIds the cases that cover it
   */
  public record Requirement(
      String id,
      String level,
      String file,
      String text,
      String verdict,
      @Nullable String why,
      List<String> caseIds) {
    public Requirement {
      caseIds = List.copyOf(caseIds);
    }
  }

  /** One case as the report gives it; {@code message} is the one-line reason of a failure. */
  public record Case(
      String id, String title, String outcome, @Nullable String message, @Nullable String reason) {
    /** The failure's one-line message, else the reason (skipped, expected failure), else null. */
    public @Nullable String why() {
      return message != null ? message : reason;
    }

    /** Failed or errored, expected or not: what a reader of a difference wants to see. */
    public boolean notPassing() {
      return outcome.equals(Outcome.FAILED.label())
          || outcome.equals(Outcome.ERRORED.label())
          || outcome.equals(Outcome.EXPECTED_FAILURE.label());
    }
  }

  public ReportDigest {
    outcomeCounts = Map.copyOf(new LinkedHashMap<>(outcomeCounts));
    profiles = List.copyOf(profiles);
    requirements = List.copyOf(requirements);
    cases = Collections.unmodifiableMap(new LinkedHashMap<>(cases));
  }

  /**
   * Reads a report tree.
   *
   * @param source names the report in an error (its file)
   * @throws ReportFileException if the tree is not a web4-conformance report
   */
  public static ReportDigest of(JsonNode report, String source) throws ReportFileException {
    return ReportTreeReader.read(report, source);
  }

  /**
   * How the implementation is named for a reader: its name and version from the harness, else the
   * target's name.
   */
  public String label() {
    if (implementationName == null) {
      return target;
    }
    return implementationVersion == null
        ? implementationName
        : implementationName + " " + implementationVersion;
  }

  /** {@code N passed, N failed, ...}: the case counts, every outcome, in the console's order. */
  public String caseSummary() {
    List<String> parts = new ArrayList<>();
    for (Outcome o : Outcome.values()) {
      if (o == Outcome.EXPECTED_FAILURE && outcomeCounts.getOrDefault(o.label(), 0) == 0) {
        continue;
      }
      parts.add(outcomeCounts.getOrDefault(o.label(), 0) + " " + o.label().replace('_', ' '));
    }
    return String.join(", ", parts);
  }

  /** The cases of {@code requirement} that failed or errored (expected or not), in report order. */
  public List<Case> notPassingCasesOf(Requirement requirement) {
    List<Case> found = new ArrayList<>();
    for (String id : requirement.caseIds()) {
      Case c = cases.get(id);
      if (c != null && c.notPassing()) {
        found.add(c);
      }
    }
    return found;
  }
}
