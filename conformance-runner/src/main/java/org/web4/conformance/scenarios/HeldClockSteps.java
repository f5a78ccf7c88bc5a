package org.web4.conformance.scenarios;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/harness.md §4.9, harness 1.2: the implementation's clock held still, so that a
 * scenario checks a boundary exactly (HAR-CLK-002). A scenario that uses them is tagged {@code
 * @clock-hold}: against an implementation that does not list capability {@code clock/hold} it is not
 * applicable (docs/adr/1305-held-harness-clock.md).
 */
public final class HeldClockSteps {
  private final World world;
  private final HeldClock clock;

  public HeldClockSteps(World world, HeldClock clock) {
    this.world = world;
    this.clock = clock;
  }

  @Given("the implementation's clock is held")
  public void held() throws HarnessException {
    clock.hold();
  }

  /**
   * Lets real time pass, so that a clock that is not held would show it (HAR-CLK-002). Not a timed
   * assertion: a held clock reads the same however long the wait, and the wait only has to be
   * longer than the millisecond of a timestamp.
   */
  @When("{int} milliseconds of real time pass")
  public void realTimePasses(int millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  @Then("the implementation's clock reads exactly {int} seconds after the moment it was held")
  public void readsExactly(int seconds) {
    Duration moved =
        clock
            .sinceHeld()
            .orElseThrow(() -> world.failure("a held clock (the scenario holds none)"));
    if (!moved.equals(Duration.ofSeconds(seconds))) {
      throw world.failure(
          "clock/advance answering the held reading plus "
              + seconds
              + " s exactly (HAR-CLK-002: a held clock moves only by clock/advance); it answered"
              + " the held reading plus "
              + moved.toMillis()
              + " ms");
    }
  }
}
