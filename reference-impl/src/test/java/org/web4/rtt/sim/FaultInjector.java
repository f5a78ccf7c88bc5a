package org.web4.rtt.sim;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The faults of the simulated network, one every few seconds (exponentially distributed): an abrupt
 * local close by either side's application ({@code RttConnection.close()}, no GOAWAY, as
 * ResumeFixture's cut: frames already read and not yet handled are dropped), TCP resets (of the
 * current connection, or of the newest one whatever its state — often a handshake — sometimes
 * followed a moment later by another, to land in a resume), half-open connections either way,
 * stalls, partitions (some longer than the 120 s retention), and kills of either agent.
 */
final class FaultInjector {
  enum Fault {
    RESET(550),
    CLOSE_BY_DIALER(50),
    CLOSE_BY_LISTENER(50),
    RESET_NEWEST(110),
    HALF_OPEN_DIALER_GONE(100),
    HALF_OPEN_LISTENER_GONE(8),
    STALL(100),
    PARTITION(12),
    LONG_PARTITION(1),
    KILL_LISTENER(9),
    KILL_DIALER(10);

    final int weight;

    Fault(int weight) {
      this.weight = weight;
    }
  }

  private static final int TOTAL =
      java.util.Arrays.stream(Fault.values()).mapToInt(f -> f.weight).sum();

  private final Simulation sim;
  private final SplittableRandom random;
  private boolean on = true;
  final Map<String, Long> applied = new TreeMap<>();

  FaultInjector(Simulation sim, SplittableRandom random) {
    this.sim = sim;
    this.random = random;
  }

  void start() {
    scheduleNext();
  }

  /** No new faults (the end of the run); what was scheduled still ends (partitions, restarts). */
  void stop() {
    on = false;
  }

  private void scheduleNext() {
    long delay =
        (long) (-Math.log(1 - random.nextDouble()) * sim.config().faultMeanSeconds() * 1e6);
    sim.scheduler().after(delay, "fault", this::inject);
  }

  private void inject() {
    if (!on) {
      return;
    }
    apply(draw());
    scheduleNext();
  }

  private Fault draw() {
    int r = random.nextInt(TOTAL);
    for (Fault f : Fault.values()) {
      r -= f.weight;
      if (r < 0) {
        return f;
      }
    }
    return Fault.RESET;
  }

  private void apply(Fault f) {
    applied.merge(f.name(), 1L, Long::sum);
    SimulatedNetwork net = sim.network();
    long now = sim.scheduler().now();
    switch (f) {
      case RESET -> newest(net.established(), f).ifPresent(this::reset);
      case CLOSE_BY_DIALER -> newest(net.established(), f).ifPresent(l -> l.closeLocally(true));
      case CLOSE_BY_LISTENER -> newest(net.established(), f).ifPresent(l -> l.closeLocally(false));
      case RESET_NEWEST -> newest(net.live(), f).ifPresent(this::reset);
      case HALF_OPEN_DIALER_GONE -> newest(net.established(), f).ifPresent(l -> l.halfOpen(true));
      case HALF_OPEN_LISTENER_GONE ->
          newest(net.established(), f).ifPresent(l -> l.halfOpen(false));
      case STALL -> newest(net.live(), f).ifPresent(l -> l.stall(now + between(0.2, 5)));
      case PARTITION -> partition(between(1, 60));
      case LONG_PARTITION -> partition(between(121, 200));
      case KILL_LISTENER -> kill(sim.listener());
      case KILL_DIALER -> kill(sim.dialer());
    }
  }

  private java.util.Optional<Link> newest(List<Link> links, Fault f) {
    if (links.isEmpty()) {
      sim.trace().line("fault " + f + ": no connection to hit");
      return java.util.Optional.empty();
    }
    Link l = links.get(links.size() - 1);
    sim.trace().line("fault " + f + " on " + l);
    return java.util.Optional.of(l);
  }

  private void reset(Link l) {
    l.reset();
    if (random.nextInt(4) == 0) {
      // a second reset a moment later: often in the resume's handshake, or before its RESUME
      sim.scheduler()
          .after(
              between(0, 0.4),
              "second reset",
              () -> {
                if (on) {
                  applied.merge("SECOND_RESET", 1L, Long::sum);
                  newest(sim.network().live(), Fault.RESET_NEWEST).ifPresent(Link::reset);
                }
              });
    }
  }

  private void partition(long duration) {
    sim.trace().line("fault: partition for " + duration / 1_000_000 + " s");
    sim.network().partition(sim.scheduler().now() + duration);
  }

  private void kill(SimulatedAgent agent) {
    if (agent.incarnation() == null) {
      return; // down already
    }
    sim.kill(agent, between(0.5, 20));
  }

  private long between(double fromSeconds, double toSeconds) {
    return Scheduler.seconds(fromSeconds)
        + random.nextLong(Math.max(1, Scheduler.seconds(toSeconds - fromSeconds)));
  }
}
