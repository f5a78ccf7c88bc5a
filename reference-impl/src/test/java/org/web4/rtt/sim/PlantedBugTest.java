package org.web4.rtt.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web4.rtt.session.RttRuntime;

/**
 * The simulation is tested by planting bugs it must catch (draft §11): an off-by-one in the
 * retransmission after a resume — from {@code delivered(c) + 1} (one message lost), or the first
 * message twice (one duplicated) — through {@link RttRuntime.Retransmission}, which only tests set.
 * Each must be caught within an hour of simulated faults, and reported with its seed.
 */
class PlantedBugTest {
  private static final Duration HOUR = Duration.ofHours(1);

  /** Retransmits from {@code delivered(c) + 1}: the first retained message is never sent again. */
  private static final RttRuntime.Retransmission SKIPS_FIRST =
      (channel, position) -> position == 0 ? 0 : 1;

  /** Sends the first retransmitted message twice. */
  private static final RttRuntime.Retransmission REPEATS_FIRST =
      (channel, position) -> position == 0 ? 2 : 1;

  @Test
  void aRetransmissionFromOnePastTheDeliveredCountIsCaughtAsALoss() {
    SimulationFailure f = run(SKIPS_FIRST);
    assertThat(f.kind()).isEqualTo(SimulationFailure.Kind.LOST);
  }

  @Test
  void aRetransmissionOfOneMessageTooManyIsCaughtAsADuplicate() {
    SimulationFailure f = run(REPEATS_FIRST);
    assertThat(f.kind()).isEqualTo(SimulationFailure.Kind.DUPLICATED);
  }

  private static SimulationFailure run(RttRuntime.Retransmission bug) {
    SimulationConfig config = SimulationConfig.day(18).lasting(HOUR).planting(bug);
    try {
      new Simulation(config).run();
    } catch (SimulationFailure f) {
      String message = String.valueOf(f.getMessage());
      System.out.println("caught: " + message.lines().limit(2).toList());
      assertThat(f.seed()).isEqualTo(18);
      assertThat(message).contains("-Dweb4.sim.seed=18");
      return f;
    }
    throw new AssertionError("the planted bug was not caught within " + HOUR);
  }
}
