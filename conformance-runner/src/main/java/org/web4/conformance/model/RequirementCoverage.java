package org.web4.conformance.model;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every requirement of the run's spec with its verdict, and the coverage gate's conclusion: the run
 * fails when a requirement is untested and spec/README.md §7 does not declare why it may be (see
 * {@code org.web4.conformance.run.CoverageGate}).
 *
 * @param entries one per requirement, in ID order
 */
public record RequirementCoverage(List<Entry> entries) {

  /**
   * One requirement.
   *
   * @param id the requirement ID
   * @param verdict its verdict in this run
   * @param why for an untested or not selected requirement, why (the declared reason, or what left
   *     it untested); else null
   * @param declaredWhen for an untested requirement that spec/README.md §7 declares may be untested
   *     in this run, the condition that holds (e.g. {@code without --slow}); else null
   */
  public record Entry(
      String id, RequirementVerdict verdict, @Nullable String why, @Nullable String declaredWhen) {
    /** Untested without a declared reason: fails the run. */
    public boolean failsTheGate() {
      return verdict == RequirementVerdict.UNTESTED && declaredWhen == null;
    }
  }

  public RequirementCoverage {
    entries = List.copyOf(entries);
  }

  public Optional<Entry> find(String id) {
    return entries.stream().filter(e -> e.id().equals(id)).findFirst();
  }

  /** The untested requirements without a declared reason, in ID order: each fails the run. */
  public List<Entry> undeclaredUntested() {
    return entries.stream().filter(Entry::failsTheGate).toList();
  }

  /** The untested requirements that spec/README.md §7 declares may be, in ID order. */
  public List<Entry> declaredUntested() {
    return entries.stream()
        .filter(e -> e.verdict() == RequirementVerdict.UNTESTED && e.declaredWhen() != null)
        .toList();
  }

  /** True if no requirement is untested without a declared reason. */
  public boolean passed() {
    return undeclaredUntested().isEmpty();
  }

  /** How many requirements have each verdict (every verdict present, zero if none). */
  public Map<RequirementVerdict, Integer> counts() {
    Map<RequirementVerdict, Integer> counts = new EnumMap<>(RequirementVerdict.class);
    for (RequirementVerdict v : RequirementVerdict.values()) {
      counts.put(v, 0);
    }
    for (Entry e : entries) {
      counts.merge(e.verdict(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * One line: {@code N requirements: P passed, F failed, U untested (declared: HAR-ERR-005,
   * HAR-LIM-002 without --slow)}, then the other verdicts when there are any and the untested ones
   * that are not declared.
   */
  public String summaryLine() {
    Map<RequirementVerdict, Integer> counts = counts();
    StringBuilder line = new StringBuilder();
    line.append(entries.size())
        .append(entries.size() == 1 ? " requirement: " : " requirements: ")
        .append(counts.getOrDefault(RequirementVerdict.PASSED, 0))
        .append(" passed, ")
        .append(counts.getOrDefault(RequirementVerdict.FAILED, 0))
        .append(" failed, ")
        .append(counts.getOrDefault(RequirementVerdict.UNTESTED, 0))
        .append(" untested");
    List<String> parts = new ArrayList<>();
    Map<String, List<String>> declaredByCondition = new LinkedHashMap<>();
    for (Entry e : declaredUntested()) {
      declaredByCondition
          .computeIfAbsent(String.valueOf(e.declaredWhen()), k -> new ArrayList<>())
          .add(e.id());
    }
    declaredByCondition.forEach((when, ids) -> parts.add(String.join(", ", ids) + " " + when));
    if (!parts.isEmpty()) {
      line.append(" (declared: ").append(String.join("; ", parts)).append(')');
    }
    List<String> undeclared = undeclaredUntested().stream().map(Entry::id).toList();
    if (!undeclared.isEmpty()) {
      line.append(" (not declared: ").append(String.join(", ", undeclared)).append(')');
    }
    for (RequirementVerdict v :
        List.of(
            RequirementVerdict.EXPECTED_FAILURE,
            RequirementVerdict.NOT_APPLICABLE,
            RequirementVerdict.NOT_SELECTED)) {
      if (counts.getOrDefault(v, 0) > 0) {
        line.append(", ")
            .append(counts.getOrDefault(v, 0))
            .append(' ')
            .append(v.label().replace('_', ' '));
      }
    }
    return line.toString();
  }
}
