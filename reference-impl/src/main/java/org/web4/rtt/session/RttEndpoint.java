package org.web4.rtt.session;

import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.SessionTable;

/**
 * One agent's RTT endpoint: it listens (responder) and dials (initiator), runs handshakes under the
 * handshake timeout and the unauthenticated-connection limit, and ticks every connection's timers
 * from the injected clock.
 *
 * <p>Every connection, accepted or dialled, lives on the event loops and session executors this
 * JVM's endpoints share ({@link RttEventLoops}, docs/adr/1104); an endpoint adds one timer thread.
 * A {@link RttRuntime#driven driven} endpoint (the deterministic simulation, docs/adr/1410) runs on
 * its owner's thread instead, over the owner's transport.
 */
public final class RttEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RttEndpoint.class);

  /** How often (real time) the timer reads the injected clock. */
  static final Duration TICK = Duration.ofMillis(100);

  /**
   * How long (real time) {@link #dial} waits for the handshake when the injected clock does not
   * move far enough for the handshake timeout [RTT-LIM-001] to end it.
   */
  static final Duration DIAL_WAIT = Duration.ofSeconds(30);

  /** Sees every connection that completed its handshake, before it reads frames, and its end. */
  @FunctionalInterface
  public interface ConnectionListener {
    void connected(RttConnection connection);

    /** The connection closed (called once, on whichever thread closed it). */
    default void closed(RttConnection connection) {}
  }

  private final RttHandshake.LocalIdentity local;
  final Clock clock;
  final SecureRandom random;
  final RttEvent.Sink events;
  final RttConnection.@Nullable MessageHandler handler;
  final ConnectionListener listener;
  final Set<Deviation> deviations;

  /** What a send into a full queue does, on every connection (spec/rtt.md §9.1). */
  private volatile SendQueuePolicy sendQueuePolicy = SendQueuePolicy.DEFAULT;

  final Set<RttConnection> connections = ConcurrentHashMap.newKeySet();

  /** At most 4,096 established connections [RTT-LIM-010]; its lock orders the count and the add. */
  final ConnectionCap cap;

  /** Accepted or dialled channels in the handshake, under its timeout [RTT-LIM-001]. */
  final HandshakeClock handshakes = new HandshakeClock();

  /** The handshakes in progress with {@code Deviation.SMALL_HANDSHAKE_POOL} (testing the kit). */
  private static final int SMALL_HANDSHAKE_POOL = 16;

  /** The accepted connections in the handshake, by source [RTT-LIM-002, RTT-LIM-006]. */
  final HandshakeAdmission<Channel> admission;

  /** The unfinished messages of all this endpoint's connections [RTT-LIM-005]. */
  final UnfinishedBudget unfinished = new UnfinishedBudget();

  /** RTT 1.1 sessions (docs/drafts/rtt-resume.md); used only when resume is enabled. */
  private final SessionTable sessions;

  /** Whether this endpoint lists "1.1" and resumes (off by default) [RTT-RES-001]. */
  private volatile boolean resumeEnabled;

  final RttRuntime runtime;

  private final EndpointDialer dialer = new EndpointDialer(this);

  /** The session dialer's automatic reconnect (draft §6, docs/adr/1412). */
  private final Reconnector reconnector = new Reconnector(this);

  /** Runs {@link #tick} every {@link #TICK}; null when the runtime is driven by its owner. */
  private final @Nullable ScheduledExecutorService timer;

  private volatile @Nullable Channel serverChannel;

  /**
   * @param handler where messages go; null queues them for {@link RttConnection#receive}
   */
  public RttEndpoint(
      RttHandshake.LocalIdentity local,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      RttConnection.@Nullable MessageHandler handler,
      ConnectionListener listener) {
    this(local, clock, random, events, handler, listener, Set.of());
  }

  /** With deliberate deviations from the spec (for testing the kit only, see {@link Deviation}). */
  public RttEndpoint(
      RttHandshake.LocalIdentity local,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      RttConnection.@Nullable MessageHandler handler,
      ConnectionListener listener,
      Set<Deviation> deviations) {
    this(local, clock, random, events, handler, listener, deviations, RttRuntime.shared());
  }

  /**
   * On a given runtime: {@link RttRuntime#shared()} is what the other constructors use; a {@link
   * RttRuntime#driven driven} one starts no thread (the deterministic simulation, docs/adr/1410).
   */
  public RttEndpoint(
      RttHandshake.LocalIdentity local,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      RttConnection.@Nullable MessageHandler handler,
      ConnectionListener listener,
      Set<Deviation> deviations,
      RttRuntime runtime) {
    this.runtime = runtime;
    this.deviations = Set.copyOf(deviations);
    this.local = local;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.handler = handler;
    this.listener = listener;
    this.sessions = new SessionTable(clock, events, this.deviations);
    this.admission =
        new HandshakeAdmission<>(
            this.deviations.contains(Deviation.SMALL_HANDSHAKE_POOL)
                ? SMALL_HANDSHAKE_POOL
                : RttLimits.MAX_UNAUTHENTICATED,
            /* fair= */ !this.deviations.contains(Deviation.GLOBAL_HANDSHAKE_LIMIT));
    this.cap = new ConnectionCap(this.deviations.contains(Deviation.NO_CONNECTION_CAP));
    if (!runtime.timerThread()) {
      this.timer = null;
      return;
    }
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "rtt-timer");
              thread.setDaemon(true);
              return thread;
            });
    this.timer = t;
    var unused =
        t.scheduleWithFixedDelay(
            this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The send-queue policy of every connection, open now or later (spec/rtt.md §9.1). */
  public SendQueuePolicy sendQueuePolicy() {
    return sendQueuePolicy;
  }

  /** Sets the policy every connection's next send reads [HAR-RTT-004]. */
  public void setSendQueuePolicy(SendQueuePolicy policy) {
    this.sendQueuePolicy = policy;
  }

  /**
   * Runs the timers once now, on the timer thread, and returns when they ran (at most 5 s): the
   * harness calls this after it moved the clock, so that what became due (a PING, a dead-peer
   * timeout, a handshake timeout) has happened before `clock/advance` answers, instead of at the
   * next tick. Harmless when the endpoint is closed. A driven endpoint (no timer thread) runs them
   * on the calling thread.
   */
  public void runTimersNow() {
    ScheduledExecutorService t = timer;
    if (t == null) {
      tick();
      return;
    }
    try {
      t.submit(this::tick).get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException
        | ExecutionException
        | TimeoutException e) {
      // Closed, or a tick failed (it reports its own failures): the periodic tick remains.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * RTT 1.1 session resume (docs/drafts/rtt-resume.md, a draft): the payloads list {@code "1.1"},
   * connections with a 1.1 peer carry sessions, and {@link #resume} resumes them. Off by default;
   * set it before listening or dialling.
   */
  public void enableResume(boolean enabled) {
    this.resumeEnabled = enabled;
  }

  public boolean resumeEnabled() {
    return resumeEnabled;
  }

  /** The RTT 1.1 sessions and tombstones. */
  public SessionTable sessions() {
    return sessions;
  }

  /**
   * The session dialer's automatic reconnect (docs/drafts/rtt-resume.md §6): {@link
   * Reconnector#keep} dials a peer and resumes its session by itself after an abrupt end. Needs
   * resume enabled.
   */
  public Reconnector reconnector() {
    return reconnector;
  }

  /** A resume's outcome: the new connection and the RESUME answer it got. */
  public record Resumed(RttConnection connection, ResumeAnswer answer) {}

  /**
   * Resumes the suspended session this endpoint dialled to {@code peerFingerprint} [RTT-RES-004]: a
   * full handshake on a new connection whose message 3 carries the request; returns once the
   * responder's RESUME arrived (and, when resumed, the retained messages are queued again).
   */
  public Resumed resume(String peerFingerprint) throws IOException, RttHandshakeException {
    return dialer.resume(peerFingerprint);
  }

  /**
   * {@link #resume} without waiting (a driven endpoint, whose owner's thread must go on moving the
   * simulated network): completes with the new connection and the RESUME answer, or fails as {@link
   * #resume} would throw.
   */
  public CompletableFuture<Resumed> resumeAsync(String peerFingerprint) {
    return dialer.resumeAsync(peerFingerprint);
  }

  public RttHandshake.LocalIdentity local() {
    return local;
  }

  /** Listens on {@code address} (port 0: ephemeral) and returns the bound address. */
  public InetSocketAddress listen(InetSocketAddress address) throws IOException {
    Channel server = runtime.transport().listen(address, new AcceptLimit(this), this::accepted);
    serverChannel = server;
    return new InetSocketAddress(
        InetAddress.getLoopbackAddress(), ((InetSocketAddress) server.localAddress()).getPort());
  }

  /**
   * Dials a peer and runs the handshake as initiator [RTT-HS-002], refusing a peer whose identity
   * is not {@code expectedFingerprint} when one is given [RTT-HS-004].
   */
  public RttConnection dial(InetSocketAddress address, Optional<String> expectedFingerprint)
      throws IOException, RttHandshakeException {
    return dialer.dial(address, expectedFingerprint, null);
  }

  /**
   * {@link #dial} without waiting (a driven endpoint, docs/adr/1410): completes with the connection
   * once the handshake completed, or fails with the {@link IOException} or {@link
   * RttHandshakeException} {@link #dial} would throw. The handshake timeout [RTT-LIM-001] bounds it
   * on the injected clock.
   */
  public CompletableFuture<RttConnection> dialAsync(
      InetSocketAddress address, Optional<String> expectedFingerprint) {
    return dialer.dialAsync(address, expectedFingerprint, null);
  }

  /** The connections that completed their handshake and are not closed. */
  public Set<RttConnection> connections() {
    connections.removeIf(c -> c.state() == RttConnection.State.CLOSED);
    return Set.copyOf(connections);
  }

  /** How many accepted or dialled connections are still in the handshake. */
  public int handshaking() {
    return handshakes.inProgress();
  }

  /** Closes every connection (the harness reset and tests use it). */
  public void closeConnections() {
    for (RttConnection c : connections) {
      c.close();
    }
    connections.clear();
    // Handshakes in progress end too and are no longer counted when this returns, so that a
    // harness `reset` leaves no connection behind that a later `rtt/connections` would count.
    handshakes.closeAll();
  }

  @Override
  public void close() {
    reconnector.stopAll();
    Channel server = serverChannel;
    if (server != null) {
      server.close().awaitUninterruptibly(TICK.toMillis() * 50);
    }
    closeConnections();
    ScheduledExecutorService t = timer;
    if (t != null) {
      t.shutdownNow();
    }
  }

  /** An accepted connection within the unauthenticated limit: its handshake begins. */
  private void accepted(Channel channel) {
    HandshakeAdmission.Ticket<Channel> ticket = channel.attr(AcceptLimit.ADMITTED).getAndSet(null);
    if (ticket == null || admission.released(ticket)) {
      var unused = channel.close(); // displaced before it was registered [RTT-LIM-006]
      return;
    }
    handshakes.began(channel, clock.instant());
    RttPipeline.install(
        channel,
        new RttChannelHandler(
            new EndpointHandshake(this, channel, null, Optional.empty(), ticket, null),
            runtime.nextSessionExecutor()));
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      handshakes.timeOut(now, events); // [RTT-LIM-001]
      connections.forEach(RttConnection::tick);
      sessions.tick(); // [RTT-RES-013] retention on the injected clock
      reconnector.tick(now); // draft §6: the kept peers' reconnects, on the injected clock
      connections.removeIf(c -> c.state() == RttConnection.State.CLOSED);
    } catch (RuntimeException e) {
      LOG.error("RTT timer failed", e);
    }
  }
}
