package org.web4.conformance.scenarios;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Result;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestCaseFinished;
import io.cucumber.plugin.event.TestStepFinished;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;

/**
 * A Cucumber plugin that keeps the outcome of the scenarios of one Cucumber run, for {@link
 * ScenarioCheck}: the result and the text of the step that did not pass. Scenarios run one at a
 * time.
 */
public final class ScenarioResultCollector implements ConcurrentEventListener {

  /** The outcome of one scenario. */
  public record Outcome(Status status, @Nullable Throwable error, @Nullable String failedStep) {}

  private static final List<Outcome> OUTCOMES = new ArrayList<>();
  private static @Nullable String failedStep;
  private static @Nullable Exchange citedExchange;

  static synchronized void clear() {
    OUTCOMES.clear();
    failedStep = null;
    citedExchange = null;
  }

  /**
   * The exchange a failing step's message cites (its request and reply): the report shows it as the
   * case's request and reply, decoded (issue 16), not only inside the message.
   */
  static synchronized void cite(Exchange exchange) {
    citedExchange = exchange;
  }

  static synchronized @Nullable Exchange citedExchange() {
    return citedExchange;
  }

  static synchronized List<Outcome> outcomes() {
    return List.copyOf(OUTCOMES);
  }

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(TestStepFinished.class, ScenarioResultCollector::onStep);
    publisher.registerHandlerFor(TestCaseFinished.class, ScenarioResultCollector::onCase);
  }

  private static synchronized void onStep(TestStepFinished event) {
    Result result = event.getResult();
    if (failedStep == null
        && result.getStatus() != Status.PASSED
        && event.getTestStep() instanceof PickleStepTestStep step) {
      failedStep = step.getStep().getKeyword() + step.getStep().getText();
    }
  }

  private static synchronized void onCase(TestCaseFinished event) {
    Result result = event.getResult();
    OUTCOMES.add(new Outcome(result.getStatus(), result.getError(), failedStep));
    failedStep = null;
  }
}
