package org.web4.conformance.scenarios;

import io.cucumber.plugin.event.Status;
import java.time.Instant;
import java.util.List;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.rtt.TranscriptEvidence;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * Runs one scenario with Cucumber against the bound implementation. A failed assertion is FAILED
 * (with the step, the request, the reply and the expectation); anything else that stops the
 * scenario — the harness not answering, an undefined step — is ERRORED.
 */
class ScenarioCheck implements Check {
  /** The scenario clock: fixed, so that a failing run replays exactly. */
  static final Instant CLOCK = Instant.parse("2026-06-01T12:00:00Z");

  /**
   * One {@link World} per scenario, injected into the step classes (RunCucumberTest names the same
   * factory for the JUnit Platform).
   */
  static final String OBJECT_FACTORY = ScenarioSuiteFactory.OBJECT_FACTORY;

  private final FeatureScenario scenario;
  private final List<String> requirements;

  /** A {@code @slow} scenario in a run without --slow: reported skipped, never run. */
  static final class Slow extends ScenarioCheck {
    Slow(FeatureScenario scenario, List<String> requirements) {
      super(scenario, requirements);
    }

    @Override
    public CheckOutcome run(CheckContext context) {
      return CheckOutcome.skipped("takes a minute or more; run with --slow");
    }
  }

  ScenarioCheck(FeatureScenario scenario, List<String> requirements) {
    this.scenario = scenario;
    this.requirements = requirements;
  }

  @Override
  public String id() {
    return scenario.id();
  }

  @Override
  public String title() {
    return scenario.title();
  }

  @Override
  public CaseKind kind() {
    return CaseKind.SCENARIO;
  }

  @Override
  public List<String> requirements() {
    return requirements;
  }

  /** By the scenario's tags, feature tags included ({@link Needs#forScenarioTags}). */
  @Override
  public Needs needs() {
    return Needs.forScenarioTags(scenario.tags());
  }

  @Override
  public CheckOutcome run(CheckContext context) throws Exception {
    ScenarioTarget.bind(
        new ScenarioTarget.Binding(
            context.hasHarness() ? context.harness() : null,
            context.seed() ^ scenario.line(),
            CLOCK,
            context.rtt().orElse(null)));
    ScenarioResultCollector.clear();
    System.setProperty("cucumber.publish.quiet", "true");
    QuietStdout quiet = QuietStdout.enter();
    try {
      WorkerCucumber.current().run(scenario.uri(), scenario.line());
    } finally {
      quiet.close();
      ScenarioTarget.unbind();
    }
    List<ScenarioResultCollector.Outcome> outcomes = ScenarioResultCollector.outcomes();
    if (outcomes.size() != 1) {
      throw new IllegalStateException(
          "expected one scenario at " + scenario.id() + ", Cucumber ran " + outcomes.size());
    }
    ScenarioResultCollector.Outcome o = outcomes.get(0);
    if (o.status() == Status.PASSED) {
      return CheckOutcome.passed(null, null);
    }
    String step = o.failedStep() == null ? "" : "step: " + o.failedStep() + "\n";
    Throwable error = o.error();
    if (error instanceof NotApplicableHere na) {
      return CheckOutcome.notApplicable(String.valueOf(na.getMessage()));
    }
    if (o.status() == Status.FAILED && error instanceof AssertionError) {
      // issue 16: the RTT transcript is evidence of its own, one frame per line
      TranscriptEvidence split = TranscriptEvidence.of(step + error.getMessage());
      return CheckOutcome.failed(split.message(), ScenarioResultCollector.citedExchange(), null)
          .withEvidence(split.evidence());
    }
    if (error instanceof Exception e) {
      throw e;
    }
    throw new IllegalStateException(
        step + "scenario " + o.status() + (error == null ? "" : ": " + error), error);
  }
}
