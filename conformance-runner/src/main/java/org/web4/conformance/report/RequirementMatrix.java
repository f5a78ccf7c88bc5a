package org.web4.conformance.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Every requirement of spec/, the cases that cover it and its verdict: failed if any covering case
 * failed or errored; passed if every covering case passed, not applicable cases aside, and one at
 * least passed; not applicable if every covering case is not applicable; untested otherwise (no
 * covering case, or skipped ones). A requirement with no check is never "passed" (spec/README.md
 * §2.4).
 */
public final class RequirementMatrix {
  /** One row. */
  public record Row(Requirement requirement, List<CaseResult> cases, RequirementVerdict verdict) {}

  private final List<Row> rows;

  private RequirementMatrix(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  public static RequirementMatrix of(RequirementCatalog catalog, List<CaseResult> cases) {
    Map<String, List<CaseResult>> byRequirement = new LinkedHashMap<>();
    for (CaseResult c : cases) {
      for (String id : c.requirements()) {
        byRequirement.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
      }
    }
    List<Row> rows = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      List<CaseResult> covering = byRequirement.getOrDefault(r.id(), List.of());
      rows.add(new Row(r, covering, verdict(covering)));
    }
    return new RequirementMatrix(rows);
  }

  static RequirementVerdict verdict(List<CaseResult> covering) {
    int passed = 0;
    int notApplicable = 0;
    boolean expectedFailure = false;
    for (CaseResult c : covering) {
      Outcome o = c.outcome();
      if (o == Outcome.FAILED || o == Outcome.ERRORED) {
        return RequirementVerdict.FAILED;
      }
      if (o == Outcome.EXPECTED_FAILURE) {
        expectedFailure = true;
      } else if (o == Outcome.PASSED) {
        passed++;
      } else if (o == Outcome.NOT_APPLICABLE) {
        notApplicable++;
      }
    }
    if (covering.isEmpty()) {
      return RequirementVerdict.UNTESTED;
    }
    if (expectedFailure) {
      return RequirementVerdict.EXPECTED_FAILURE;
    }
    if (notApplicable == covering.size()) {
      return RequirementVerdict.NOT_APPLICABLE;
    }
    if (passed + notApplicable == covering.size()) {
      return RequirementVerdict.PASSED;
    }
    return RequirementVerdict.UNTESTED;
  }

  public List<Row> rows() {
    return rows;
  }

  /** How many requirements have each verdict. */
  public Map<RequirementVerdict, Integer> counts() {
    Map<RequirementVerdict, Integer> counts = new LinkedHashMap<>();
    for (RequirementVerdict v : RequirementVerdict.values()) {
      counts.put(v, 0);
    }
    for (Row r : rows) {
      counts.merge(r.verdict(), 1, Integer::sum);
    }
    return counts;
  }
}
