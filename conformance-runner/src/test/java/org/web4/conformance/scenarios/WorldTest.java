package org.web4.conformance.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.conformance.harness.HarnessClient;

/**
 * The per-scenario World: its seeds replay from the run's seed, and it refuses use before start.
 */
class WorldTest {
  private static final HarnessClient UNUSED = new HarnessClient("http://127.0.0.1:9", "token");

  @AfterEach
  void unbind() {
    ScenarioTarget.unbind();
  }

  private static World started(long runSeed, String scenario) {
    ScenarioTarget.bind(new ScenarioTarget.Binding(UNUSED, runSeed, ScenarioCheck.CLOCK, null));
    World w = new World();
    w.start(scenario);
    return w;
  }

  private static List<Long> seedsOf(World w) {
    List<Long> out = new ArrayList<>();
    out.add(w.derivedSeed("cip/carol"));
    out.add(w.derivedSeed("cip/alice"));
    out.add(w.derivedSeed("cip/carol")); // carol's second connection
    out.add(w.derivedSeed("lip/carol"));
    return out;
  }

  @Test
  void aPeerSeedDependsOnTheRunSeedTheScenarioThePeerAndTheCountOnly() {
    List<Long> first = seedsOf(started(7, "classpath:web4/features/cip/trust.feature:12"));
    List<Long> again = seedsOf(started(7, "classpath:web4/features/cip/trust.feature:12"));
    assertThat(again).isEqualTo(first);
    assertThat(first).doesNotHaveDuplicates();
    assertThat(seedsOf(started(8, "classpath:web4/features/cip/trust.feature:12")))
        .doesNotContainAnyElementsOf(first);
    assertThat(seedsOf(started(7, "classpath:web4/features/cip/trust.feature:20")))
        .doesNotContainAnyElementsOf(first);
  }

  @Test
  void aWorldIsBuiltWithoutAnImplementationButNotUsedBeforeItStarts() {
    World w = new World();
    assertThatThrownBy(w::seed)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ScenarioHooks");
    w.dispose(); // nothing to close
  }

  @Test
  void aWorldStartsOnce() {
    World w = started(1, "f.feature:3");
    assertThatThrownBy(() -> w.start("f.feature:4")).isInstanceOf(IllegalStateException.class);
  }
}
