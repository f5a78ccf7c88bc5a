package org.web4.conformance.run;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.judge.JudgeLedger;
import org.web4.conformance.judge.JudgedRequirement;
import org.web4.conformance.judge.Violation;
import org.web4.conformance.judge.WireJudge;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * The {@code wire-judge} suite, run after every other suite: one case per requirement the wire
 * judge held the implementation to, whatever the scenarios were about. Passed with the count of
 * things judged; failed naming the checks during which the violations happened, with the offending
 * bytes decoded; not applicable when nothing was judged (no scenario spoke RTT). A requirement the
 * bundled spec does not define (yet) has no case.
 *
 * <p>{@link ConformanceRun#suites} lists it (so that {@code list} shows what the judge covers);
 * {@link ConformanceRunner#run} runs it last, with the judge that watched the other suites.
 */
public final class WireJudgeSuite implements Suite {
  static final String NAME = "wire-judge";

  private final List<Check> checks;

  /**
   * The suite of a run whose suites {@code judges} watched: one judge in a serial run, one per
   * worker with {@code --jobs} (their verdicts added up, docs/adr/1103).
   */
  WireJudgeSuite(List<WireJudge> judges, RequirementCatalog requirements) {
    this(requirements, List.copyOf(judges));
  }

  /**
   * The suite as listed before a run: its checks, with no judge yet. In the suites given to {@link
   * ConformanceRunner#run} it asks for the wire judge's verdicts, after the other suites.
   */
  public static WireJudgeSuite listing(RequirementCatalog requirements) {
    return new WireJudgeSuite(requirements, null);
  }

  private WireJudgeSuite(RequirementCatalog requirements, @Nullable List<WireJudge> judges) {
    List<Check> all = new ArrayList<>();
    for (JudgedRequirement r : JudgedRequirement.values()) {
      if (requirements.contains(r.id())) {
        all.add(new JudgeCheck(judges, r));
      }
    }
    this.checks = List.copyOf(all);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The judge needs nothing but the wire. */
  @Override
  public Profile profile() {
    return Profile.CORE;
  }

  @Override
  public List<Check> checks() {
    return checks;
  }

  /** One requirement's verdict over the run. */
  private record JudgeCheck(@Nullable List<WireJudge> judges, JudgedRequirement requirement)
      implements Check {
    @Override
    public String id() {
      return NAME + "/" + requirement.id();
    }

    @Override
    public String title() {
      return requirement.rule();
    }

    @Override
    public CaseKind kind() {
      return CaseKind.JUDGE;
    }

    @Override
    public List<String> requirements() {
      return List.of(requirement.id());
    }

    @Override
    public CheckOutcome run(CheckContext context) {
      List<WireJudge> watched = this.judges;
      if (watched == null || watched.isEmpty()) {
        throw new IllegalStateException("the wire-judge suite runs in ConformanceRunner.run only");
      }
      if (requirement == JudgedRequirement.RTT_HS_007
          && !watched.stream().allMatch(WireJudge::enforcesHandshakeConfirmation)) {
        return CheckOutcome.skipped(WireJudge.CONFIRMATION_PENDING);
      }
      JudgeLedger.Verdict v =
          JudgeLedger.Verdict.sum(
              requirement, watched.stream().map(j -> j.verdict(requirement)).toList());
      if (v.judged() == 0) {
        return new CheckOutcome(
            Outcome.NOT_APPLICABLE,
            "nothing was judged: the implementation sent no " + requirement.unit() + " in this run",
            null,
            null,
            null,
            List.of());
      }
      if (v.violated() == 0) {
        return new CheckOutcome(
            Outcome.PASSED,
            "judged " + v.judged() + " " + requirement.unit() + " the implementation sent",
            null,
            null,
            null,
            List.of());
      }
      StringBuilder m =
          new StringBuilder()
              .append(v.violated())
              .append(" of ")
              .append(v.judged())
              .append(' ')
              .append(requirement.unit())
              .append(" the implementation sent break ")
              .append(requirement.id())
              .append(" (")
              .append(requirement.rule())
              .append("), in ")
              .append(String.join(", ", v.checks()))
              .append(':');
      ArrayNode evidence = JsonNodeFactory.instance.arrayNode();
      for (Violation x : v.violations()) {
        m.append("\n  ").append(x.describe());
        evidence.add(x.toJson());
      }
      if (v.violated() > v.violations().size()) {
        m.append("\n  … and ").append(v.violated() - v.violations().size()).append(" more");
      }
      return new CheckOutcome(Outcome.FAILED, m.toString(), null, evidence, null, List.of());
    }
  }
}
