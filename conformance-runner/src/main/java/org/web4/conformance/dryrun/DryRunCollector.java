package org.web4.conformance.dryrun;

import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.StepDefinedEvent;
import io.cucumber.plugin.event.TestStepFinished;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Cucumber plugin for {@link UndefinedSteps}' dry run: the registered step patterns, and every
 * step that matched no definition or more than one (once per feature line: an outline's rows share
 * their steps). Cucumber instantiates it by class name, so the findings of the one dry run at a
 * time are static.
 */
public final class DryRunCollector implements ConcurrentEventListener {
  /** A step that did not match exactly one definition. */
  record Unmatched(String uri, int line, String keyword, String text, Status status) {}

  private static final List<String> PATTERNS = new ArrayList<>();
  private static final Map<String, Unmatched> UNMATCHED = new LinkedHashMap<>();

  static synchronized void clear() {
    PATTERNS.clear();
    UNMATCHED.clear();
  }

  static synchronized List<String> patterns() {
    return List.copyOf(PATTERNS);
  }

  static synchronized List<Unmatched> unmatched() {
    return List.copyOf(UNMATCHED.values());
  }

  @Override
  public void setEventPublisher(EventPublisher publisher) {
    publisher.registerHandlerFor(StepDefinedEvent.class, DryRunCollector::onDefined);
    publisher.registerHandlerFor(TestStepFinished.class, DryRunCollector::onStep);
  }

  private static synchronized void onDefined(StepDefinedEvent event) {
    PATTERNS.add(event.getStepDefinition().getPattern());
  }

  private static synchronized void onStep(TestStepFinished event) {
    Status status = event.getResult().getStatus();
    if ((status == Status.UNDEFINED || status == Status.AMBIGUOUS)
        && event.getTestStep() instanceof PickleStepTestStep step) {
      String uri = step.getUri().toString();
      int line = step.getStep().getLine();
      UNMATCHED.putIfAbsent(
          uri + ":" + line,
          new Unmatched(uri, line, step.getStep().getKeyword(), step.getStep().getText(), status));
    }
  }
}
