package org.web4.conformance.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.worker.Worker;

/**
 * The embedded reference that the before-all hook starts for a worker with nothing bound belongs to
 * that worker: another worker's after-all hook, which runs after each of its scenarios
 * (docs/adr/1420), neither stops it nor unbinds it. It did while the hook kept it in one static: a
 * background run beside {@code WorkerCucumberTest} closed that test's reference between its steps
 * ("cannot connect", docs/adr/1423).
 */
class ScenarioHooksPerWorkerTest {
  @Test
  void anotherWorkersAfterAllHookLeavesThisWorkersReferenceRunning() throws Exception {
    Worker mine = Worker.enter("hooks-test-mine");
    try {
      ScenarioHooks.bindTheEmbeddedReferenceIfNothingIsBound();
      HarnessClient harness = Objects.requireNonNull(ScenarioTarget.current().harness());

      Thread other =
          new Thread(
              () -> {
                Worker theirs = Worker.enter("hooks-test-theirs");
                try {
                  ScenarioHooks.stopTheEmbeddedReference();
                } finally {
                  theirs.leave();
                }
              });
      other.start();
      other.join();

      assertThat(ScenarioTarget.isBound()).isTrue();
      assertThat(harness.info()).isNotNull(); // still served

      ScenarioHooks.stopTheEmbeddedReference(); // this worker's own hook stops it
      assertThat(ScenarioTarget.isBound()).isFalse();
    } finally {
      ScenarioHooks.stopTheEmbeddedReference();
      mine.leave();
    }
  }
}
