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
import org.web4.conformance.worker.Worker;
import org.web4.conformance.worker.WorkerLocal;

/**
 * A Cucumber plugin that keeps the outcome of the scenarios of one Cucumber run, for {@link
 * ScenarioCheck}: the result and the text of the step that did not pass. A worker's scenarios run
 * one at a time; each {@link Worker} collects its own (docs/adr/1103).
 */
public final class ScenarioResultCollector implements ConcurrentEventListener {

  /** The outcome of one scenario. */
  public record Outcome(Status status, @Nullable Throwable error, @Nullable String failedStep) {}

  /** What one worker's Cucumber run collected so far. */
  private static final class Collected {
    final List<Outcome> outcomes = new ArrayList<>();
    @Nullable String failedStep;
    @Nullable Exchange citedExchange;
  }

  private static final WorkerLocal<Collected> COLLECTED = new WorkerLocal<>(Collected::new);

  private static Collected collected() {
    return COLLECTED.get();
  }

  static synchronized void clear() {
    Collected c = collected();
    c.outcomes.clear();
    c.failedStep = null;
    c.citedExchange = null;
  }

  /**
   * The exchange a failing step's message cites (its request and reply): the report shows it as the
   * case's request and reply, decoded (issue 16), not only inside the message.
   */
  static synchronized void cite(Exchange exchange) {
    collected().citedExchange = exchange;
  }

  static synchronized @Nullable Exchange citedExchange() {
    return collected().citedExchange;
  }

  static synchronized List<Outcome> outcomes() {
    return List.copyOf(collected().outcomes);
  }

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(TestStepFinished.class, ScenarioResultCollector::onStep);
    publisher.registerHandlerFor(TestCaseFinished.class, ScenarioResultCollector::onCase);
  }

  private static synchronized void onStep(TestStepFinished event) {
    Result result = event.getResult();
    Collected c = collected();
    if (c.failedStep == null
        && result.getStatus() != Status.PASSED
        && event.getTestStep() instanceof PickleStepTestStep step) {
      c.failedStep = step.getStep().getKeyword() + step.getStep().getText();
    }
  }

  private static synchronized void onCase(TestCaseFinished event) {
    Result result = event.getResult();
    Collected c = collected();
    c.outcomes.add(new Outcome(result.getStatus(), result.getError(), c.failedStep));
    c.failedStep = null;
  }
}
