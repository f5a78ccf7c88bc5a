package org.web4.conformance.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.plugin.event.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.ListAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.worker.Worker;

/**
 * A worker keeps one Cucumber runner for all its scenarios (docs/adr/1420); each scenario still
 * runs alone, selected by its line, and a user's feature file is read again when it changes. With
 * nothing bound, the before-all hook starts the embedded reference for each run (as for {@code
 * RunCucumberTest}).
 */
class WorkerCucumberTest {
  private static final String SIGNATURE = "classpath:web4/features/envelope/signature.feature";

  @Test
  void aWorkerRunsEachOfItsScenariosOnItsOneRunner() {
    Worker worker = Worker.enter("worker-cucumber-test");
    try {
      WorkerCucumber runner = WorkerCucumber.current();
      assertThat(WorkerCucumber.current()).isSameAs(runner);
      run(runner, SIGNATURE, 9).containsExactly(Status.PASSED);
      run(runner, SIGNATURE, 16).containsExactly(Status.PASSED);
      run(runner, SIGNATURE, 2).isEmpty(); // no scenario at that line
    } finally {
      worker.leave();
    }
  }

  @Test
  void aUsersFeatureFileIsReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
    Path feature = dir.resolve("mine.feature");
    Files.writeString(feature, scenarioExpecting("the verdict is valid"), StandardCharsets.UTF_8);
    Worker worker = Worker.enter("worker-cucumber-test-2");
    try {
      WorkerCucumber runner = WorkerCucumber.current();
      run(runner, feature.toString(), 3).containsExactly(Status.PASSED);
      Files.writeString(
          feature,
          scenarioExpecting("the verdict is invalid with error \"SIGNATURE_MISMATCH\""),
          StandardCharsets.UTF_8);
      run(runner, feature.toString(), 3).containsExactly(Status.FAILED);
    } finally {
      worker.leave();
    }
  }

  private static String scenarioExpecting(String then) {
    return "Feature: mine\n\n"
        + "  Scenario: a signed envelope\n"
        + "    Given the envelope \"e\" is a valid cip INTENT from \"alice\" to \"bob\"\n"
        + "    And \"e\" is signed by \"alice\"\n"
        + "    When the implementation verifies \"e\"\n"
        + "    Then "
        + then
        + "\n";
  }

  private static ListAssert<Status> run(WorkerCucumber runner, String uri, int line) {
    ScenarioResultCollector.clear();
    runner.run(uri, line);
    List<ScenarioResultCollector.Outcome> outcomes = ScenarioResultCollector.outcomes();
    return assertThat(outcomes.stream().map(ScenarioResultCollector.Outcome::status).toList())
        .as("%s:%d: %s", uri, line, outcomes);
  }
}
