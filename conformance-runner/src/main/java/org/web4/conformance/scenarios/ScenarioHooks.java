package org.web4.conformance.scenarios;

import io.cucumber.java.AfterAll;
import io.cucumber.java.Before;
import io.cucumber.java.BeforeAll;
import io.cucumber.java.Scenario;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.target.EmbeddedTarget;
import org.web4.conformance.worker.WorkerLocal;

/**
 * The scenario lifecycle. Each scenario gets a fresh {@link World} from Cucumber's picocontainer,
 * started here before any other hook or step and disposed of by the container when the scenario
 * ends. When scenarios run outside the runner — from the JUnit Platform in the build or an IDE — no
 * implementation is bound, and the hooks start the embedded reference for the whole Cucumber run.
 */
public final class ScenarioHooks {
  /**
   * The embedded reference this worker's hooks started, if any. Per worker: a worker's after-all
   * hook runs after each of its scenarios (docs/adr/1420) and must stop only what its own
   * before-all hook started. While this was one static, a background run's scenario ending beside
   * {@code WorkerCucumberTest} closed that test's reference (docs/adr/1423).
   */
  private static final WorkerLocal<AtomicReference<@Nullable EmbeddedTarget>> EMBEDDED =
      new WorkerLocal<>(AtomicReference::new);

  private final World world;

  public ScenarioHooks(World world) {
    this.world = world;
  }

  @BeforeAll
  public static void bindTheEmbeddedReferenceIfNothingIsBound() throws Exception {
    if (!ScenarioTarget.isBound()) {
      EmbeddedTarget target = EmbeddedTarget.start(0);
      EMBEDDED.get().set(target);
      ScenarioTarget.bind(
          new ScenarioTarget.Binding(
              target.harness(), 0, ScenarioCheck.CLOCK, target.rtt().orElse(null)));
    }
  }

  @AfterAll
  public static void stopTheEmbeddedReference() {
    EmbeddedTarget target = EMBEDDED.get().getAndSet(null);
    if (target != null) {
      ScenarioTarget.unbind();
      target.close();
    }
  }

  /** First of all hooks: the world's seed depends on the scenario. */
  @Before(order = 0)
  public void startTheWorld(Scenario scenario) {
    world.start(scenario.getUri() + ":" + scenario.getLine());
  }
}
