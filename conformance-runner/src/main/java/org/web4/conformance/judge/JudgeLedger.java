package org.web4.conformance.judge;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The run's verdicts, per judged requirement: how many things were judged, how many broke it, and
 * the first violations with their evidence. Thread-safe: every connection's receive loop records
 * here.
 */
public final class JudgeLedger {
  /** Violations kept per requirement with their evidence; beyond it only the count grows. */
  static final int KEPT = 20;

  /** Where a violation happened when no check was running. */
  static final String OUTSIDE = "(outside any check)";

  /**
   * What the judge concluded about one requirement.
   *
   * @param judged how many things it judged
   * @param violated how many of them broke the requirement
   * @param violations the first {@link #KEPT} violations
   * @param checks every check during which a violation happened, in order
   */
  public record Verdict(
      JudgedRequirement requirement,
      long judged,
      long violated,
      List<Violation> violations,
      List<String> checks) {

    /**
     * The verdict of several ledgers that judged disjoint parts of one run (the workers of a run
     * with {@code --jobs}, docs/adr/1103): the counts added, the first {@link #KEPT} violations and
     * every check in the order of {@code parts}. A single part is its own sum.
     */
    public static Verdict sum(JudgedRequirement requirement, List<Verdict> parts) {
      long judged = 0;
      long violated = 0;
      List<Violation> kept = new ArrayList<>();
      Set<String> checks = new LinkedHashSet<>();
      for (Verdict p : parts) {
        if (p.requirement() != requirement) {
          throw new IllegalArgumentException(p.requirement() + " is not " + requirement);
        }
        judged += p.judged();
        violated += p.violated();
        p.violations().stream().limit(KEPT - kept.size()).forEach(kept::add);
        checks.addAll(p.checks());
      }
      return new Verdict(requirement, judged, violated, List.copyOf(kept), List.copyOf(checks));
    }
  }

  /** One requirement's running counts. */
  private static final class Tally {
    long judged;
    long violated;
    final List<Violation> kept = new ArrayList<>();
    final Set<String> checks = new LinkedHashSet<>();
  }

  private final Map<JudgedRequirement, Tally> tallies = new EnumMap<>(JudgedRequirement.class);
  private volatile String currentCheck = OUTSIDE;

  public JudgeLedger() {
    for (JudgedRequirement r : JudgedRequirement.values()) {
      tallies.put(r, new Tally());
    }
  }

  /** The check that runs from now on: connections opened during it are attributed to it. */
  public void checkStarted(String checkId) {
    currentCheck = checkId;
  }

  /** No check runs any more. */
  public void checkFinished() {
    currentCheck = OUTSIDE;
  }

  String currentCheck() {
    return currentCheck;
  }

  /** One thing was judged against {@code requirement} and passed. */
  public synchronized void passed(JudgedRequirement requirement) {
    tally(requirement).judged++;
  }

  /** One thing was judged and broke the requirement. */
  public synchronized void violated(Violation v) {
    Tally t = tally(v.requirement());
    t.judged++;
    t.violated++;
    if (t.kept.size() < KEPT) {
      t.kept.add(v);
    }
    t.checks.add(v.checkId());
  }

  public synchronized Verdict verdict(JudgedRequirement requirement) {
    Tally t = tally(requirement);
    return new Verdict(
        requirement, t.judged, t.violated, List.copyOf(t.kept), List.copyOf(t.checks));
  }

  private Tally tally(JudgedRequirement r) {
    return Objects.requireNonNull(tallies.get(r));
  }

  /** Every requirement's verdict, in {@link JudgedRequirement} order. */
  public List<Verdict> verdicts() {
    List<Verdict> out = new ArrayList<>();
    for (JudgedRequirement r : JudgedRequirement.values()) {
      out.add(verdict(r));
    }
    return out;
  }
}
