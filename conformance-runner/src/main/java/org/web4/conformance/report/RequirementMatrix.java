package org.web4.conformance.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.run.CoverageGate;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Every requirement of spec/, the cases that cover it and its verdict as the run's coverage gate
 * gave it ({@link CoverageGate}). A requirement with no check is never "passed" (spec/README.md
 * §2.4).
 */
public final class RequirementMatrix {
  /** One row. */
  public record Row(
      Requirement requirement, List<CaseResult> cases, RequirementCoverage.Entry coverage) {
    public RequirementVerdict verdict() {
      return coverage.verdict();
    }
  }

  private final List<Row> rows;

  private RequirementMatrix(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The matrix of a finished run. */
  public static RequirementMatrix of(RequirementCatalog catalog, RunResult run) {
    return of(catalog, run.cases(), run.coverage());
  }

  /** The matrix of {@code cases}, with the verdicts of {@code coverage}. */
  public static RequirementMatrix of(
      RequirementCatalog catalog, List<CaseResult> cases, RequirementCoverage coverage) {
    Map<String, List<CaseResult>> byRequirement = CoverageGate.casesByRequirement(cases);
    List<Row> rows = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      RequirementCoverage.Entry entry =
          coverage
              .find(r.id())
              .orElseThrow(
                  () -> new IllegalArgumentException("the run's coverage has no " + r.id()));
      rows.add(new Row(r, byRequirement.getOrDefault(r.id(), List.of()), entry));
    }
    return new RequirementMatrix(rows);
  }

  public List<Row> rows() {
    return rows;
  }
}
