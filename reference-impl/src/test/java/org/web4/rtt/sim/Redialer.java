package org.web4.rtt.sim;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.RttEvent;
import org.web4.rtt.resume.SessionId;
import org.web4.rtt.session.Reconnector;
import org.web4.rtt.session.RttConnection;

/**
 * The session dialer's reconnecting (docs/drafts/rtt-resume.md §6) is the production one: the
 * dialer's endpoint {@link Reconnector} keeps the listener ({@link Reconnector#keepAsync}), resumes
 * the suspended session after its backoff, and dials a fresh one when the session expired or the
 * agent was restarted — what {@code web4 soak} runs (docs/adr/1418; before, this class called the
 * backoff itself). It keeps the reconnector keeping (again after a graceful end, which stops it,
 * and for every new incarnation), hands each connection to the dialer's application, counts the
 * reconnector's attempts from its events, and checks that every session id gets at most one {@code
 * resumed} answer [RTT-RES-011] and that no attempt hangs.
 */
final class Redialer {
  /** An attempt under way this long is stuck (the reconnector's own guard is 30 s). */
  static final long ATTEMPT_GUARD = Scheduler.seconds(60);

  private final Simulation sim;
  private final SimulatedAgent dialer;
  private final SimulatedAgent listener;
  private final SplittableRandom seeds;
  private final Set<SessionId> resumedIds = new HashSet<>();
  private long generation;

  /** The id the suspended session presents at its next resume, last seen. */
  private @Nullable SessionId presented;

  /** Since when an attempt has been under way (simulated µs), or -1. */
  private long attemptingSince = -1;

  long resumeAttempts;
  long freshDials;
  long resumed;
  final Map<String, Long> fresh = new TreeMap<>();
  final Map<String, Long> failures = new TreeMap<>();

  Redialer(Simulation sim, SimulatedAgent dialer, SimulatedAgent listener, long seed) {
    this.sim = sim;
    this.dialer = dialer;
    this.listener = listener;
    this.seeds = new SplittableRandom(seed);
  }

  /** After every step: the dialer's reconnector keeps the listener; nothing hangs. */
  void check() {
    SimulatedAgent.Incarnation inc = dialer.incarnation();
    if (inc == null) {
      return;
    }
    Reconnector reconnector = inc.endpoint.reconnector();
    String peer = listener.fingerprint();
    if (!reconnector.keeps(peer)) {
      // a new incarnation, or a graceful end stopped it [RTT-RES-014]: keep the listener again
      long g = generation;
      freshDials++; // the first dial is made at once
      sim.trace().line("dialer keeps the listener");
      reconnector.keepAsync(
          listener.address(),
          peer,
          seeds.nextLong(),
          Reconnector.AfterRetention.FRESH_SESSION,
          (c, how) -> sim.scheduler().after(0, "connected", () -> connected(g, c, how)));
    }
    inc.endpoint
        .sessions()
        .suspendedDialerSession(peer)
        .ifPresent(s -> presented = s.id()); // the id its next resume names
    if (!reconnector.attempting(peer)) {
      attemptingSince = -1;
    } else if (attemptingSince < 0) {
      attemptingSince = sim.scheduler().now();
    } else if (sim.scheduler().now() - attemptingSince > ATTEMPT_GUARD) {
      sim.violations()
          .report(
              SimulationFailure.Kind.STUCK,
              "a reconnect attempt neither completed nor failed within 60 s");
    }
  }

  /** The dialer was killed or restarted: its old endpoint's reconnector is gone with it. */
  void reset() {
    generation++;
    presented = null;
    attemptingSince = -1;
  }

  /** The dialer's reconnect and session events: the figures of the report. */
  void event(RttEvent e) {
    Map<String, Object> a = e.attributes();
    switch (e.kind()) {
      case "rtt.reconnect.scheduled" -> {
        if ("resume".equals(a.get("mode"))) {
          resumeAttempts++;
        } else {
          freshDials++;
        }
      }
      case "rtt.reconnect.failed" -> {
        String reason = String.valueOf(a.get("reason"));
        int colon = reason.indexOf(':');
        failures.merge(colon < 0 ? reason : reason.substring(0, colon), 1L, Long::sum);
      }
      case "rtt.session.refused" -> fresh.merge(String.valueOf(a.get("code")), 1L, Long::sum);
      default -> {}
    }
  }

  private void connected(long g, RttConnection c, Reconnector.How how) {
    if (g != generation) {
      return; // a connection of a killed incarnation
    }
    if (how == Reconnector.How.RESUMED) {
      resumed++;
      SessionId id = presented;
      if (id != null && !resumedIds.add(id)) {
        sim.violations()
            .report(
                SimulationFailure.Kind.REPLAY_STATE,
                "session id " + id + " was resumed twice [RTT-RES-011]");
      }
    }
    presented = null;
    sim.trace().line("dialer connected: " + how);
    dialer.useConnection(c);
  }
}
