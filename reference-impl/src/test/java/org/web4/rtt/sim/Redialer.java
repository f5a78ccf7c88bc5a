package org.web4.rtt.sim;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.resume.Reconnect;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.Session;
import org.web4.rtt.resume.SessionId;
import org.web4.rtt.session.RttConnection;

/**
 * The session dialer's reconnecting (docs/drafts/rtt-resume.md §6): when its connection is gone it
 * waits the reference's {@link Reconnect} delay (full jitter, seeded), then resumes its suspended
 * session, or dials a fresh one when it has none (it expired, or the agent was restarted). It
 * checks that every session id gets at most one {@code resumed} answer [RTT-RES-011], and that no
 * attempt hangs.
 */
final class Redialer {
  /** An attempt that neither completes nor fails within this long is stuck. */
  static final long ATTEMPT_GUARD = Scheduler.seconds(60);

  private record Result(RttConnection connection, @Nullable ResumeAnswer answer) {}

  private final Simulation sim;
  private final SimulatedAgent dialer;
  private final SimulatedAgent listener;
  private final Reconnect backoff;
  private final Set<SessionId> resumedIds = new HashSet<>();
  private long generation;
  private boolean scheduled;
  private @Nullable CompletableFuture<Result> attempt;
  private long attemptStarted;

  long resumeAttempts;
  long freshDials;
  long resumed;
  final Map<String, Long> fresh = new TreeMap<>();
  final Map<String, Long> failures = new TreeMap<>();

  Redialer(Simulation sim, SimulatedAgent dialer, SimulatedAgent listener, long seed) {
    this.sim = sim;
    this.dialer = dialer;
    this.listener = listener;
    this.backoff = new Reconnect(seed);
  }

  /** After every step: a dialer without a connection and without an attempt schedules one. */
  void check() {
    SimulatedAgent.Incarnation inc = dialer.incarnation();
    if (inc == null || scheduled) {
      return;
    }
    if (attempt != null) {
      if (sim.scheduler().now() - attemptStarted > ATTEMPT_GUARD) {
        sim.violations()
            .report(
                SimulationFailure.Kind.STUCK,
                "a reconnect attempt neither completed nor failed within 60 s");
      }
      return;
    }
    RttConnection c = inc.current;
    if (c != null && c.state() != RttConnection.State.CLOSED) {
      return;
    }
    scheduled = true;
    long g = generation;
    long delay = backoff.nextDelay().toNanos() / 1_000;
    sim.scheduler().after(delay, "reconnect", () -> attempt(g));
  }

  /** The dialer was killed or restarted: whatever was going on is forgotten. */
  void reset() {
    generation++;
    scheduled = false;
    attempt = null;
    backoff.reset();
  }

  private void attempt(long g) {
    if (g != generation) {
      return;
    }
    scheduled = false;
    SimulatedAgent.Incarnation inc = dialer.incarnation();
    if (inc == null) {
      return;
    }
    Optional<Session> suspended =
        inc.endpoint.sessions().suspendedDialerSession(listener.fingerprint());
    CompletableFuture<Result> f;
    SessionId presented;
    if (suspended.isPresent()) {
      presented = suspended.get().id();
      resumeAttempts++;
      sim.trace().line("dialer resumes session " + presented);
      f =
          inc.endpoint
              .resumeAsync(listener.fingerprint())
              .thenApply(r -> new Result(r.connection(), r.answer()));
    } else {
      presented = null;
      freshDials++;
      sim.trace().line("dialer dials a fresh session");
      f =
          inc.endpoint
              .dialAsync(listener.address(), Optional.of(listener.fingerprint()))
              .thenApply(c -> new Result(c, null));
    }
    attempt = f;
    attemptStarted = sim.scheduler().now();
    var unused =
        f.whenComplete(
            (r, e) -> sim.scheduler().after(0, "attempt done", () -> done(g, f, presented, r, e)));
  }

  private void done(
      long g,
      CompletableFuture<Result> f,
      @Nullable SessionId presented,
      @Nullable Result r,
      @Nullable Throwable e) {
    if (g != generation || attempt != f) {
      return;
    }
    attempt = null;
    if (e != null || r == null) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      String why = cause == null ? "none" : cause.getClass().getSimpleName();
      failures.merge(why, 1L, Long::sum);
      sim.trace().line("attempt failed: " + cause);
      return;
    }
    backoff.reset();
    if (r.answer() instanceof ResumeAnswer.Resumed) {
      resumed++;
      if (presented != null && !resumedIds.add(presented)) {
        sim.violations()
            .report(
                SimulationFailure.Kind.REPLAY_STATE,
                "session id " + presented + " was resumed twice [RTT-RES-011]");
      }
    } else if (r.answer() instanceof ResumeAnswer.Fresh fr) {
      fresh.merge(fr.code().name(), 1L, Long::sum);
    }
    sim.trace().line("dialer connected: " + (r.answer() == null ? "fresh dial" : r.answer()));
    dialer.useConnection(r.connection());
  }
}
