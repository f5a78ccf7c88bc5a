package org.web4.conformance.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why the not-applicable cases of a run were not applicable, grouped by reason in order of first
 * appearance: {@code 312 cases: not applicable: the implementation does not list capability
 * "sign/envelope"}. A not-applicable case is never a failure; these lines say what the run could
 * not test and why (issue 15 decision 1).
 *
 * @param reasons one per distinct reason, with how many cases gave it
 */
public record NotApplicableReasons(List<Reason> reasons) {

  /** One reason and the number of cases that gave it. */
  public record Reason(String reason, int cases) {
    /** {@code N case(s): reason}. */
    public String line() {
      return cases + (cases == 1 ? " case: " : " cases: ") + reason;
    }
  }

  public NotApplicableReasons {
    reasons = List.copyOf(reasons);
  }

  /** The reasons of the not-applicable cases among {@code cases}. */
  public static NotApplicableReasons of(List<CaseResult> cases) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (CaseResult c : cases) {
      if (c.outcome() == Outcome.NOT_APPLICABLE) {
        String detail = c.detail();
        counts.merge(detail == null ? "not applicable" : detail, 1, Integer::sum);
      }
    }
    List<Reason> reasons = new ArrayList<>();
    counts.forEach((reason, n) -> reasons.add(new Reason(reason, n)));
    return new NotApplicableReasons(reasons);
  }
}
