package org.web4.conformance.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.cucumber.core.cli.Main;
import io.cucumber.plugin.ConcurrentEventListener;
import io.cucumber.plugin.event.EventPublisher;
import io.cucumber.plugin.event.PickleStepTestStep;
import io.cucumber.plugin.event.Status;
import io.cucumber.plugin.event.TestStepFinished;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every step of every bundled feature matches exactly one step definition of the library (no
 * undefined, no ambiguous step), checked by a Cucumber dry run with the runner's own glue and
 * object factory: it needs no implementation, so a step text changed in a feature or in a step
 * class fails here first, with the step named.
 */
class StepDefinitionsTest {

  /** Collects the steps a dry run could not match to exactly one definition. */
  public static final class Unmatched implements ConcurrentEventListener {
    static final List<String> STEPS = new ArrayList<>();
    static int matched;

    @Override
    public void setEventPublisher(EventPublisher publisher) {
      publisher.registerHandlerFor(TestStepFinished.class, Unmatched::onStep);
    }

    private static synchronized void onStep(TestStepFinished event) {
      if (!(event.getTestStep() instanceof PickleStepTestStep step)) {
        return;
      }
      Status status = event.getResult().getStatus();
      if (status == Status.UNDEFINED || status == Status.AMBIGUOUS) {
        STEPS.add(
            status
                + " "
                + step.getUri()
                + ":"
                + step.getStep().getLine()
                + " "
                + step.getStep().getText());
      } else {
        matched++;
      }
    }
  }

  @Test
  void everyStepOfEveryFeatureMatchesExactlyOneDefinition() {
    Unmatched.STEPS.clear();
    Unmatched.matched = 0;
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    byte exit;
    try {
      exit =
          Main.run(
              new String[] {
                "--dry-run",
                "--glue",
                ScenarioCheck.class.getPackageName(),
                "--object-factory",
                ScenarioCheck.OBJECT_FACTORY,
                "--plugin",
                Unmatched.class.getName(),
                "--monochrome",
                "classpath:web4/features"
              },
              StepDefinitionsTest.class.getClassLoader());
    } finally {
      System.setOut(stdout);
    }
    assertThat(Unmatched.STEPS).isEmpty();
    assertThat(Unmatched.matched).as("steps matched").isGreaterThan(2000);
    assertThat(exit).isZero();
  }
}
