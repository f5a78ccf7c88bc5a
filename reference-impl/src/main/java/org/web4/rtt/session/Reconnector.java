package org.web4.rtt.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.RttEvent;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.resume.Reconnect;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.Session;

/**
 * The session dialer's automatic reconnect (docs/drafts/rtt-resume.md §6, informative;
 * docs/adr/1412): for every peer it {@link #keep keeps}, when the connection ends abruptly (no
 * GOAWAY, no closing ERROR other than {@code TIMEOUT}, draft §1) it resumes the suspended session
 * after the {@link Reconnect} delay (full jitter, seeded), attempt after attempt, until the session
 * is back. When the retention time passed (the session expired, §7) it dials a fresh session with
 * the schedule restarted, or gives up, as the caller chose. A graceful end (GOAWAY, a closing
 * refusal) is final: nothing is dialled again.
 *
 * <p>Time is the endpoint's injected clock, read by its timer ({@link #tick}): a test or the
 * simulation moves the clock and runs the timers; nothing here sleeps. Attempts run without
 * blocking the timer ({@link RttEndpoint#resumeAsync}, {@link RttEndpoint#dialAsync}). Events:
 * {@code rtt.reconnect.scheduled}, {@code rtt.reconnect.failed}, {@code rtt.reconnect.gave_up}
 * (draft §9).
 */
public final class Reconnector {
  /** What the dialer does when its session's retention time passed (draft §6). */
  public enum AfterRetention {
    /** Dial a fresh session, with the schedule restarted. */
    FRESH_SESSION,
    /** Stop: the peer is no longer kept. */
    GIVE_UP
  }

  /** How a connection of a kept peer came to be. */
  public enum How {
    /** The first dial, or a fresh dial after the session expired. */
    DIALLED,
    /** A resume answered {@code resumed}: the session goes on. */
    RESUMED,
    /** A resume answered {@code fresh}: the connection carries a new session [RTT-RES-007]. */
    REFUSED_FRESH
  }

  /** Sees every connection the reconnect made (on whichever thread completed it). */
  @FunctionalInterface
  public interface Listener {
    void connected(RttConnection connection, How how);
  }

  /** One kept peer's figures, read without a lock (they only grow). */
  public record Figures(
      long scheduled, long failed, long resumed, long refusedFresh, long dialled) {}

  /** An attempt that neither completed nor failed within this long (injected clock) fails. */
  static final Duration ATTEMPT_GUARD = Duration.ofSeconds(30);

  private final RttEndpoint endpoint;
  private final Map<String, Kept> kept = new ConcurrentHashMap<>();

  Reconnector(RttEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Dials {@code peerFingerprint} at {@code address} now (waiting for the handshake, as {@link
   * RttEndpoint#dial}) and keeps the session: after an abrupt end it reconnects by itself.
   *
   * @param seed the backoff's random source (the simulation and the soak derive it from theirs)
   */
  public RttConnection keep(
      InetSocketAddress address,
      String peerFingerprint,
      long seed,
      AfterRetention afterRetention,
      Listener listener)
      throws IOException, RttHandshakeException {
    Kept k = new Kept(address, peerFingerprint, new Reconnect(seed), afterRetention, listener);
    if (kept.putIfAbsent(peerFingerprint, k) != null) {
      throw new IllegalStateException("already kept: " + peerFingerprint);
    }
    try {
      RttConnection c = endpoint.dial(address, Optional.of(peerFingerprint));
      synchronized (k) {
        k.current = c;
        k.started = true;
      }
      return c;
    } catch (IOException | RttHandshakeException | RuntimeException e) {
      kept.remove(peerFingerprint, k);
      throw e;
    }
  }

  /**
   * Keeps the session with {@code peerFingerprint} without waiting: the first dial is the first
   * attempt, started now; its connection, and every later one, reaches {@code listener}; when it
   * fails, the schedule makes the next. For a caller that must not block — the deterministic
   * simulation runs the network on the thread that calls this (docs/adr/1418).
   */
  public void keepAsync(
      InetSocketAddress address,
      String peerFingerprint,
      long seed,
      AfterRetention afterRetention,
      Listener listener) {
    Kept k = new Kept(address, peerFingerprint, new Reconnect(seed), afterRetention, listener);
    if (kept.putIfAbsent(peerFingerprint, k) != null) {
      throw new IllegalStateException("already kept: " + peerFingerprint);
    }
    synchronized (k) {
      k.started = true;
      start(k, /* resume= */ false);
    }
  }

  /** The kept peer's connection now, if it has one that is not closed. */
  public Optional<RttConnection> connection(String peerFingerprint) {
    Kept k = kept.get(peerFingerprint);
    if (k == null) {
      return Optional.empty();
    }
    synchronized (k) {
      RttConnection c = k.current;
      return c == null || c.state() == RttConnection.State.CLOSED
          ? Optional.empty()
          : Optional.of(c);
    }
  }

  /** Whether the peer is still kept (not stopped, not given up, not ended gracefully). */
  public boolean keeps(String peerFingerprint) {
    return kept.containsKey(peerFingerprint);
  }

  /** Whether an attempt for the peer is under way (a test's barrier). */
  public boolean attempting(String peerFingerprint) {
    Kept k = kept.get(peerFingerprint);
    if (k == null) {
      return false;
    }
    synchronized (k) {
      return k.attempt != null;
    }
  }

  public Figures figures(String peerFingerprint) {
    Kept k = kept.get(peerFingerprint);
    if (k == null) {
      return new Figures(0, 0, 0, 0, 0);
    }
    synchronized (k) {
      return new Figures(k.scheduled, k.failed, k.resumed, k.refusedFresh, k.dialled);
    }
  }

  /** Stops reconnecting to the peer (its connection, if any, stays). */
  public void stop(String peerFingerprint) {
    kept.remove(peerFingerprint);
  }

  void stopAll() {
    kept.clear();
  }

  /** The endpoint's timer, on its injected clock. */
  void tick(Instant now) {
    for (Kept k : List.copyOf(kept.values())) {
      step(k, now);
    }
  }

  private void step(Kept k, Instant now) {
    synchronized (k) {
      if (!k.started) {
        return; // keep is still dialling
      }
      CompletableFuture<Attempted> running = k.attempt;
      if (running != null) {
        // bounded by the handshake timeout [RTT-LIM-001] and the connection's close; a RESUME
        // that never comes on an open connection is bounded here
        if (!now.isBefore(k.attemptStarted.plus(ATTEMPT_GUARD))) {
          running.completeExceptionally(new IOException("no answer within " + ATTEMPT_GUARD));
        }
        return;
      }
      RttConnection c = k.current;
      if (c != null && c.state() != RttConnection.State.CLOSED) {
        return;
      }
      Optional<Session> session = dialerSession(k.peer);
      if (c != null) {
        if (session.isPresent() && session.get().state() == Session.State.CONNECTED) {
          return; // the session has not heard of the close yet: the next tick decides
        }
        if (session.isEmpty() && !abrupt(c)) {
          stopped(k, "ended"); // [RTT-RES-014] a graceful end is final
          return;
        }
        k.current = null;
      }
      boolean resume = session.isPresent() && session.get().state() == Session.State.SUSPENDED;
      if (!resume && k.resuming) {
        // the session expired while the dialer tried (§7): fresh, with the schedule restarted
        k.resuming = false;
        k.due = null;
        k.backoff.reset();
        if (k.afterRetention == AfterRetention.GIVE_UP) {
          stopped(k, "retention");
          return;
        }
      }
      k.resuming = resume;
      Instant due = k.due;
      if (due == null) {
        int attempt = k.backoff.attempts();
        Duration delay = k.backoff.nextDelay();
        // draft §6: the first attempt starts its delay after the abrupt end ("therefore within
        // 250 ms" of it), not after the tick that noticed the end: on a held clock that tick may
        // come only with the next clock/advance, which the delay would then wait out once more
        Instant from = attempt == 0 && resume ? session.get().suspendedAt() : now;
        due = from.plus(delay);
        k.due = due;
        k.scheduled++;
        emit(
            k,
            "rtt.reconnect.scheduled",
            Map.of(
                "attempt",
                attempt,
                "delay_ms",
                delay.toMillis(),
                "mode",
                resume ? "resume" : "fresh"));
        if (now.isBefore(due)) {
          return;
        }
      } else if (now.isBefore(due)) {
        return;
      }
      k.due = null;
      start(k, resume);
    }
  }

  /** Caller holds k's lock. */
  private void start(Kept k, boolean resume) {
    CompletableFuture<Attempted> attempt =
        resume
            ? endpoint
                .resumeAsync(k.peer)
                .thenApply(
                    r ->
                        new Attempted(
                            r.connection(),
                            r.answer() instanceof ResumeAnswer.Resumed
                                ? How.RESUMED
                                : How.REFUSED_FRESH))
            : endpoint
                .dialAsync(k.address, Optional.of(k.peer))
                .thenApply(c -> new Attempted(c, How.DIALLED));
    CompletableFuture<Attempted> f = new CompletableFuture<>();
    k.attempt = f;
    k.attemptStarted = endpoint.clock.instant();
    var unused =
        attempt.whenComplete(
            (a, e) -> {
              boolean inTime = e == null ? f.complete(a) : f.completeExceptionally(e);
              if (!inTime && a != null) {
                // the guard gave the attempt up first: its connection would carry the session
                // unseen; closed abruptly, the session is suspended again for the next attempt
                a.connection().close();
              }
            });
    var unusedToo = f.whenComplete((a, e) -> done(k, f, a, e));
  }

  private record Attempted(RttConnection connection, How how) {}

  private void done(
      Kept k, CompletableFuture<Attempted> f, @Nullable Attempted a, @Nullable Throwable e) {
    Listener tell = null;
    synchronized (k) {
      if (k.attempt != f) {
        return;
      }
      k.attempt = null;
      if (a == null || e != null) {
        Throwable cause =
            e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        k.failed++;
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("attempt", k.backoff.attempts() - 1);
        attributes.put("reason", cause == null ? "unknown" : String.valueOf(cause.getMessage()));
        emit(k, "rtt.reconnect.failed", attributes);
        return; // the next tick schedules the next attempt
      }
      k.backoff.reset();
      k.resuming = false;
      k.current = a.connection();
      switch (a.how()) {
        case RESUMED -> k.resumed++;
        case REFUSED_FRESH -> k.refusedFresh++;
        case DIALLED -> k.dialled++;
      }
      if (kept.get(k.peer) == k) {
        tell = k.listener;
      }
    }
    if (tell != null) {
      tell.connected(a.connection(), a.how());
    }
  }

  /** [draft §1] abrupt: no GOAWAY either way and no closing ERROR other than TIMEOUT. */
  private static boolean abrupt(RttConnection c) {
    return !c.goAwaySent() && c.closeReason().map(r -> r.code().equals("TIMEOUT")).orElse(true);
  }

  private Optional<Session> dialerSession(String peer) {
    return endpoint.sessions().sessions().stream()
        .filter(s -> s.role() == Session.Role.DIALER && s.peerFingerprint().equals(peer))
        .findFirst();
  }

  /** Caller holds k's lock. */
  private void stopped(Kept k, String reason) {
    kept.remove(k.peer, k);
    emit(k, "rtt.reconnect.gave_up", Map.of("reason", reason));
  }

  private void emit(Kept k, String kind, Map<String, Object> attributes) {
    Map<String, Object> withPeer = new HashMap<>(attributes);
    withPeer.put("peer", k.peer);
    endpoint.events.accept(new RttEvent(endpoint.clock.instant(), kind, k.peer, withPeer));
  }

  /** One kept peer; every field under its lock. */
  private static final class Kept {
    final InetSocketAddress address;
    final String peer;
    final Reconnect backoff;
    final AfterRetention afterRetention;
    final Listener listener;
    @Nullable RttConnection current;
    @Nullable Instant due;
    @Nullable CompletableFuture<Attempted> attempt;
    Instant attemptStarted = Instant.MIN;

    /** Set when {@link #keep}'s first dial completed. */
    boolean started;

    /** Whether the attempts so far resume a suspended session (not a fresh dial). */
    boolean resuming;

    long scheduled;
    long failed;
    long resumed;
    long refusedFresh;
    long dialled;

    Kept(
        InetSocketAddress address,
        String peer,
        Reconnect backoff,
        AfterRetention afterRetention,
        Listener listener) {
      this.address = address;
      this.peer = peer;
      this.backoff = backoff;
      this.afterRetention = afterRetention;
      this.listener = listener;
    }
  }
}
