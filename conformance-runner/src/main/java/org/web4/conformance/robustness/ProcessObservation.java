package org.web4.conformance.robustness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The implementation's process across one attack: a sample before it, right after it, and after the
 * legitimate peer. CPU time and memory are reported, never judged: a JVM's resident memory follows
 * its collector, not the attack, and CPU time follows the machine's load
 * (docs/adr/1208-robustness-profile.md). One thing is judged, with a generous bound: file
 * descriptors the attack's connections leave open once they are all closed — a leak that, repeated,
 * ends in a process that accepts nothing.
 */
final class ProcessObservation {
  /**
   * File descriptors the process may hold, after the attack, beyond those it held before it: its
   * own pools, the harness client's kept-alive connections, a legitimate peer's socket.
   */
  static final int FD_SLACK = 64;

  /** How long the descriptors are given to come back down, polled. */
  private static final long FD_SETTLE_MILLIS = 15_000;

  private final @Nullable ProcessGauge gauge;
  private ProcessGauge.@Nullable Sample before;
  private ProcessGauge.@Nullable Sample afterAttack;
  private ProcessGauge.@Nullable Sample afterPeer;
  private final List<String> violations = new ArrayList<>();
  private final List<String> during = new ArrayList<>();

  private ProcessObservation(@Nullable ProcessGauge gauge) {
    this.gauge = gauge;
  }

  static ProcessObservation of(Optional<ProcessHandle> process) {
    return new ProcessObservation(process.map(ProcessGauge::new).orElse(null));
  }

  void before() {
    before = sample();
  }

  /** A sample in the middle of the attack, labelled. */
  void during(String label) {
    ProcessGauge.Sample s = sample();
    if (s != null) {
      during.add(label + ": " + s.describe());
    }
  }

  void afterAttack() {
    afterAttack = sample();
  }

  /** The last sample, waiting (bounded) for the file descriptors to come back down. */
  void afterLegitimatePeer() throws InterruptedException {
    afterPeer = sample();
    ProcessGauge.Sample b = before;
    if (b == null || b.fds() < 0) {
      return;
    }
    long until = System.nanoTime() + FD_SETTLE_MILLIS * 1_000_000;
    while (afterPeer != null && afterPeer.fds() > b.fds() + FD_SLACK && System.nanoTime() < until) {
      Thread.sleep(250);
      afterPeer = sample();
    }
    ProcessGauge.Sample a = afterPeer;
    if (a != null && a.fds() > b.fds() + FD_SLACK) {
      violations.add(
          "the implementation still holds "
              + a.fds()
              + " file descriptors "
              + FD_SETTLE_MILLIS / 1000
              + " s after the attack's connections closed ("
              + b.fds()
              + " before it; at most "
              + FD_SLACK
              + " more are allowed)");
    }
  }

  private ProcessGauge.@Nullable Sample sample() {
    return gauge == null ? null : gauge.sample().orElse(null);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }

  /** The three samples and the growth, or why there are none. */
  String describe() {
    ProcessGauge g = gauge;
    if (g == null) {
      return "not observed: the runner did not launch the implementation (an embedded or"
          + " connected target); run a target with \"launch\" to see its CPU and memory";
    }
    ProcessGauge.Sample b = before;
    ProcessGauge.Sample a = afterAttack;
    ProcessGauge.Sample p = afterPeer;
    if (b == null || a == null || p == null) {
      return "pid " + g.pid() + ": /proc could not be read";
    }
    List<String> lines = new ArrayList<>();
    lines.add("pid " + g.pid() + " (reported, not judged but for file descriptors)");
    lines.add("before the attack:          " + b.describe());
    during.forEach(d -> lines.add("during the attack, " + d));
    return String.join(
        "\n",
        String.join("\n", lines),
        "right after the attack:     " + a.describe(),
        "after the legitimate peer:  " + p.describe(),
        String.format(
            Locale.ROOT,
            "growth across the attack: RSS %+.1f MiB, CPU %.2f s, threads %+d, fds %+d",
            (a.rssKib() - b.rssKib()) / 1024.0,
            (a.cpuMillis() - b.cpuMillis()) / 1000.0,
            a.threads() - b.threads(),
            a.fds() - b.fds()),
        String.format(
            Locale.ROOT,
            "left after the legitimate peer: RSS %+.1f MiB, threads %+d, fds %+d",
            (p.rssKib() - b.rssKib()) / 1024.0,
            p.threads() - b.threads(),
            p.fds() - b.fds()));
  }
}
