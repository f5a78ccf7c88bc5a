package org.web4.rtt.sim;

import java.time.Duration;
import org.web4.rtt.session.RttRuntime;
import org.web4.rtt.session.SendQueuePolicy;

/**
 * What a simulation run does: its seed, how long (simulated), how often faults, sends and takes
 * come (message sizes are {@link #SIZES}, draft §11), the send-queue policy, the network's
 * bandwidth, and the retransmission rule (a planted bug, or the draft's).
 *
 * @param faultMeanSeconds mean time between faults (exponentially distributed)
 * @param sendMeanSeconds mean time between one application's sends
 * @param takeMeanSeconds mean time between one application's takes
 * @param maxTake at most this many messages per channel per take
 */
record SimulationConfig(
    long seed,
    Duration duration,
    Duration drain,
    double faultMeanSeconds,
    double sendMeanSeconds,
    double takeMeanSeconds,
    int maxTake,
    SendQueuePolicy sendQueuePolicy,
    long bytesPerSecond,
    Duration tick,
    RttRuntime.Retransmission retransmission) {

  /** The draft's sizes (§11): empty, tiny, small, around a frame's body, large, a whole window. */
  private static final int[] SIZES = {0, 1, 100, 65_511, 65_512, 400_000, 1_048_576};

  private static final int[] WEIGHTS = {10, 10, 55, 10, 10, 3, 2};

  private static final int TOTAL_WEIGHT = java.util.Arrays.stream(WEIGHTS).sum();

  /** A message size drawn from {@link #SIZES} by their weights. */
  static int drawSize(java.util.SplittableRandom random) {
    int r = random.nextInt(TOTAL_WEIGHT);
    for (int i = 0; i < SIZES.length; i++) {
      r -= WEIGHTS[i];
      if (r < 0) {
        return SIZES[i];
      }
    }
    return SIZES[SIZES.length - 1];
  }

  /**
   * Up to 8 messages and 3 MiB waiting per channel: with a window unacknowledged at a break and one
   * in flight, a session retains at most 3 × 5 MiB, under the 16 MiB a suspended session may keep
   * [RTT-RES-015].
   */
  static final SendQueuePolicy POLICY =
      new SendQueuePolicy(SendQueuePolicy.Kind.ERROR, 8, 3L << 20, Duration.ZERO);

  /** The run: 24 simulated hours, a fault every 5 s on average (≥ 10,000 disconnects). */
  static SimulationConfig day(long seed) {
    return new SimulationConfig(
        seed,
        Duration.ofHours(24),
        Duration.ofMinutes(10),
        5.0,
        2.0,
        1.0,
        6,
        POLICY,
        50_000_000L,
        Duration.ofMillis(200),
        RttRuntime.Retransmission.AS_SPECIFIED);
  }

  SimulationConfig lasting(Duration d) {
    return new SimulationConfig(
        seed,
        d,
        drain,
        faultMeanSeconds,
        sendMeanSeconds,
        takeMeanSeconds,
        maxTake,
        sendQueuePolicy,
        bytesPerSecond,
        tick,
        retransmission);
  }

  SimulationConfig planting(RttRuntime.Retransmission bug) {
    return new SimulationConfig(
        seed,
        duration,
        drain,
        faultMeanSeconds,
        sendMeanSeconds,
        takeMeanSeconds,
        maxTake,
        sendQueuePolicy,
        bytesPerSecond,
        tick,
        bug);
  }
}
