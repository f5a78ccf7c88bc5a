package org.web4.rtt.session;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.Resumption;
import org.web4.rtt.resume.Session;
import org.web4.rtt.resume.SessionAccess;
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
  private final Clock clock;
  private final SecureRandom random;
  private final RttEvent.Sink events;
  private final RttConnection.@Nullable MessageHandler handler;
  private final ConnectionListener listener;
  private final Set<Deviation> deviations;

  /** What a send into a full queue does, on every connection (spec/rtt.md §9.1). */
  private volatile SendQueuePolicy sendQueuePolicy = SendQueuePolicy.DEFAULT;

  private final Set<RttConnection> connections = ConcurrentHashMap.newKeySet();

  /** At most 4,096 established connections [RTT-LIM-010]; its lock orders the count and the add. */
  private final ConnectionCap cap;

  /** Accepted or dialled channels and when their handshake began, or {@link #FINISHED}. */
  private final Map<Channel, Instant> handshaking = new ConcurrentHashMap<>();

  /** A handshake that completed; its connection is being started (see finishHandshake). */
  private static final Instant FINISHED = Instant.MAX;

  /** The handshakes in progress with {@code Deviation.SMALL_HANDSHAKE_POOL} (testing the kit). */
  private static final int SMALL_HANDSHAKE_POOL = 16;

  /** The accepted connections in the handshake, by source [RTT-LIM-002, RTT-LIM-006]. */
  private final HandshakeAdmission<Channel> admission;

  /** Each accepted channel's place among the handshakes, from accept to its handshake. */
  private static final AttributeKey<HandshakeAdmission.Ticket<Channel>> ADMITTED =
      AttributeKey.valueOf("web4.rtt.admitted");

  /** The unfinished messages of all this endpoint's connections [RTT-LIM-005]. */
  private final UnfinishedBudget unfinished = new UnfinishedBudget();

  /** RTT 1.1 sessions (docs/drafts/rtt-resume.md); used only when resume is enabled. */
  private final SessionTable sessions;

  /** Whether this endpoint lists "1.1" and resumes (off by default) [RTT-RES-001]. */
  private volatile boolean resumeEnabled;

  private final RttRuntime runtime;

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

  /** A resume's outcome: the new connection and the RESUME answer it got. */
  public record Resumed(RttConnection connection, ResumeAnswer answer) {}

  /**
   * Resumes the suspended session this endpoint dialled to {@code peerFingerprint} [RTT-RES-004]: a
   * full handshake on a new connection whose message 3 carries the request; returns once the
   * responder's RESUME arrived (and, when resumed, the retained messages are queued again).
   */
  public Resumed resume(String peerFingerprint) throws IOException, RttHandshakeException {
    Session s = suspendedSession(peerFingerprint);
    InetSocketAddress address = address(s);
    RttConnection c = dial(address, Optional.of(peerFingerprint), s);
    try {
      return new Resumed(
          c, SessionAccess.answer(s, c).get(DIAL_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("no RESUME from " + address, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while resuming", e);
    }
  }

  /**
   * {@link #resume} without waiting (a driven endpoint, whose owner's thread must go on moving the
   * simulated network): completes with the new connection and the RESUME answer, or fails as {@link
   * #resume} would throw.
   */
  public CompletableFuture<Resumed> resumeAsync(String peerFingerprint) {
    Session s;
    InetSocketAddress address;
    try {
      s = suspendedSession(peerFingerprint);
      address = address(s);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    return dialAsync(address, Optional.of(peerFingerprint), s)
        .thenCompose(c -> SessionAccess.answer(s, c).thenApply(a -> new Resumed(c, a)));
  }

  private Session suspendedSession(String peerFingerprint) throws IOException {
    return sessions
        .suspendedDialerSession(peerFingerprint)
        .orElseThrow(() -> new IOException("no suspended session with " + peerFingerprint));
  }

  private static InetSocketAddress address(Session s) throws IOException {
    InetSocketAddress address = s.address();
    if (address == null) {
      throw new IOException("the session has no address to dial");
    }
    return address;
  }

  public RttHandshake.LocalIdentity local() {
    return local;
  }

  /** Listens on {@code address} (port 0: ephemeral) and returns the bound address. */
  public InetSocketAddress listen(InetSocketAddress address) throws IOException {
    Channel server = runtime.transport().listen(address, new AcceptLimit(), this::accepted);
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
    return dial(address, expectedFingerprint, null);
  }

  private RttConnection dial(
      InetSocketAddress address, Optional<String> expectedFingerprint, @Nullable Session resuming)
      throws IOException, RttHandshakeException {
    CompletableFuture<RttConnection> dialled = new CompletableFuture<>();
    ChannelFuture connecting = connect(address, expectedFingerprint, resuming, dialled);
    Channel channel;
    try {
      channel = await(connecting, "connect to " + address).channel();
    } catch (IOException e) {
      handshaking.remove(connecting.channel()); // no TCP connection: no handshake either
      throw e;
    }
    try {
      return dialled.get(DIAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RttHandshakeException h) {
        throw h;
      }
      throw new IOException("the handshake with " + address + " failed", e.getCause());
    } catch (TimeoutException e) {
      var unused = channel.close();
      throw new RttHandshakeException(
          RttHandshakeException.Reason.NO_CONFIRMATION,
          "no handshake with " + address + " within " + DIAL_WAIT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var unused = channel.close();
      throw new IOException("interrupted while dialling " + address, e);
    }
  }

  /**
   * {@link #dial} without waiting (a driven endpoint, docs/adr/1410): completes with the connection
   * once the handshake completed, or fails with the {@link IOException} or {@link
   * RttHandshakeException} {@link #dial} would throw. The handshake timeout [RTT-LIM-001] bounds it
   * on the injected clock.
   */
  public CompletableFuture<RttConnection> dialAsync(
      InetSocketAddress address, Optional<String> expectedFingerprint) {
    return dialAsync(address, expectedFingerprint, null);
  }

  private CompletableFuture<RttConnection> dialAsync(
      InetSocketAddress address, Optional<String> expectedFingerprint, @Nullable Session resuming) {
    CompletableFuture<RttConnection> dialled = new CompletableFuture<>();
    ChannelFuture connecting = connect(address, expectedFingerprint, resuming, dialled);
    connecting.addListener(
        f -> {
          if (!f.isSuccess()) {
            handshaking.remove(connecting.channel()); // no TCP connection: no handshake either
            dialled.completeExceptionally(
                f.cause() instanceof IOException io
                    ? io
                    : new IOException("connect to " + address + " failed", f.cause()));
          }
        });
    return dialled;
  }

  /** The TCP connection of a dial; its handshake completes {@code dialled}. */
  private ChannelFuture connect(
      InetSocketAddress address,
      Optional<String> expectedFingerprint,
      @Nullable Session resuming,
      CompletableFuture<RttConnection> dialled) {
    return runtime
        .transport()
        .connect(
            address,
            channel -> {
              handshaking.put(channel, clock.instant());
              RttPipeline.install(
                  channel,
                  new RttChannelHandler(
                      new Handshake(channel, dialled, expectedFingerprint, null, resuming),
                      runtime.nextSessionExecutor()));
            });
  }

  /** The connections that completed their handshake and are not closed. */
  public Set<RttConnection> connections() {
    connections.removeIf(c -> c.state() == RttConnection.State.CLOSED);
    return Set.copyOf(connections);
  }

  /** How many accepted or dialled connections are still in the handshake. */
  public int handshaking() {
    return (int) handshaking.values().stream().filter(started -> !started.equals(FINISHED)).count();
  }

  /** Closes every connection (the harness reset and tests use it). */
  public void closeConnections() {
    for (RttConnection c : connections) {
      c.close();
    }
    connections.clear();
    // Handshakes in progress end too and are no longer counted when this returns, so that a
    // harness `reset` leaves no connection behind that a later `rtt/connections` would count.
    for (Channel channel : Set.copyOf(handshaking.keySet())) {
      handshaking.remove(channel);
      var unused = channel.close();
    }
  }

  @Override
  public void close() {
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

  /**
   * Sees every accepted connection on the listener's event loop, in the order they were accepted,
   * before it is registered: at most 64 connections are in the handshake at once [RTT-LIM-002],
   * shared between sources [RTT-LIM-006]; a connection that gets no place is closed at accept.
   */
  private final class AcceptLimit extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      Channel child = (Channel) msg;
      HandshakeAdmission.Decision<Channel> decision = admission.admit(child, child.remoteAddress());
      HandshakeAdmission.Ticket<Channel> ticket = decision.admitted();
      if (ticket == null) {
        refused(child, "too many unauthenticated connections");
        child.unsafe().closeForcibly(); // not registered with a loop yet: close the socket itself
        return;
      }
      decision.displaced().ifPresent(this::displace);
      child.attr(ADMITTED).set(ticket);
      ctx.fireChannelRead(child);
    }

    /**
     * [RTT-LIM-006] Closes the oldest handshake of the source holding the most. Its place is
     * already free; a channel still being registered is closed by {@link #accepted} instead, which
     * sees its ticket released (a channel is registered before it is initialised).
     */
    private void displace(Channel oldest) {
      refused(oldest, "displaced by a connection from a source holding fewer handshakes");
      if (oldest.isRegistered()) {
        var unused = oldest.close();
      }
    }

    private void refused(Channel child, String reason) {
      events.accept(
          new RttEvent(
              clock.instant(),
              "rtt.connection.refused",
              RttHandshake.label(child.localAddress(), child.remoteAddress()),
              Map.of("reason", reason)));
    }
  }

  /** An accepted connection within the unauthenticated limit: its handshake begins. */
  private void accepted(Channel channel) {
    HandshakeAdmission.Ticket<Channel> ticket = channel.attr(ADMITTED).getAndSet(null);
    if (ticket == null || admission.released(ticket)) {
      var unused = channel.close(); // displaced before it was registered [RTT-LIM-006]
      return;
    }
    handshaking.put(channel, clock.instant());
    RttPipeline.install(
        channel,
        new RttChannelHandler(
            new Handshake(channel, null, Optional.empty(), ticket, null),
            runtime.nextSessionExecutor()));
  }

  /**
   * Marks a handshake finished before its connection starts: the timer's handshake timeout
   * [RTT-LIM-001] applies only to an entry of {@link #handshaking} that is not {@link #FINISHED},
   * and the timer closes a channel only when it removed that entry itself ({@link #tick}). Exactly
   * one of the two wins, so a connection that completed its handshake is never closed as a late
   * handshake, however long its listener takes. The entry stays until the connection started so
   * that {@link #closeConnections} still ends it.
   *
   * @return false when the timer timed the handshake out first (it closed the channel)
   */
  private boolean finishHandshake(Channel channel) {
    return handshaking.computeIfPresent(channel, (c, started) -> FINISHED) != null;
  }

  /** One handshake's course, for {@link RttChannelHandler}. */
  private final class Handshake implements RttChannelHandler.Handshaking {
    private final Channel channel;
    private final @Nullable CompletableFuture<RttConnection> dialled;
    private final Optional<String> expectedFingerprint;
    private final HandshakeAdmission.@Nullable Ticket<Channel> admitted;
    private final AtomicBoolean over = new AtomicBoolean();
    private final @Nullable Session resuming;

    /**
     * @param dialled completed for {@link #dial}; null for an accepted connection
     * @param admitted its place among the handshakes in progress, freed when the handshake ends
     *     (accepted connections)
     */
    Handshake(
        Channel channel,
        @Nullable CompletableFuture<RttConnection> dialled,
        Optional<String> expectedFingerprint,
        HandshakeAdmission.@Nullable Ticket<Channel> admitted,
        @Nullable Session resuming) {
      this.resuming = resuming;
      this.channel = channel;
      this.dialled = dialled;
      this.expectedFingerprint = expectedFingerprint;
      this.admitted = admitted;
    }

    @Override
    public RttHandshake.Steps begin(String label) {
      RttHandshake handshake =
          new RttHandshake(local, random, clock, events, deviations).offeringResume(resumeEnabled);
      Session s = resuming;
      return dialled == null
          ? handshake.responder(label)
          : handshake.initiator(
              label,
              expectedFingerprint,
              (peer, h2) ->
                  s != null && peer.key().fingerprint().equals(s.peerFingerprint())
                      ? SessionAccess.request(s, h2)
                      : null);
    }

    @Override
    public @Nullable RttConnection established(RttHandshake.Established established) {
      try {
        if (!finishHandshake(channel)) {
          // the timer closed it: the handshake timed out [RTT-LIM-001]
          fail(timedOut());
          return null;
        }
        RttConnection c;
        synchronized (cap) { // the count and the add, together [RTT-LIM-010]
          if (dialled == null && cap.full(connections)) {
            refuseForTheCap(established);
            return null;
          }
          c = start(established);
        }
        if (dialled != null) {
          dialled.complete(c);
        }
        return c;
      } finally {
        end(); // before the entry goes: who sees no handshake may connect again [RTT-LIM-002]
        handshaking.remove(channel);
      }
    }

    /** Links a resumable connection to its session before anything else is sent or handled. */
    private ConnectionListener resumable(RttHandshake.Established established) {
      Resumption r = established.resumption().orElseThrow();
      InetSocketAddress remote = channel.remoteAddress() instanceof InetSocketAddress a ? a : null;
      return new ConnectionListener() {
        @Override
        public void connected(RttConnection c) {
          sessions.attach(c, r, dialled != null, resuming, remote); // RESUME is frame 1
          listener.connected(c);
        }

        @Override
        public void closed(RttConnection c) {
          listener.closed(c);
        }
      };
    }

    private RttConnection start(RttHandshake.Established established) {
      // [HAR-RTT-002] listed before its first frame leaves: a peer that has read our frame 0
      // (the responder's confirming PING, RTT-HS-007) and asks rtt/connections finds it.
      return RttConnection.start(
          channel,
          established,
          local.limits(),
          dialled != null,
          clock,
          events,
          handler,
          started -> {
            started.useSendQueuePolicy(RttEndpoint.this::sendQueuePolicy);
            connections.add(started);
          },
          established.resumption().isEmpty() ? listener : resumable(established),
          unfinished,
          deviations,
          runtime);
    }

    /**
     * [RTT-LIM-010] with 4,096 connections established, an accepted one is refused as RTT-HS-005
     * refuses: a closing ERROR HANDSHAKE as its frame 0, then the socket closes.
     */
    private void refuseForTheCap(RttHandshake.Established established) {
      byte[] refusal = ConnectionCap.refusal(established.sender());
      if (refusal == null) {
        var unused = channel.close();
      } else {
        var unused =
            channel
                .writeAndFlush(Unpooled.wrappedBuffer(refusal))
                .addListener(ChannelFutureListener.CLOSE);
      }
      String label = RttHandshake.label(channel.localAddress(), channel.remoteAddress());
      String reason = ConnectionCap.MAX_ESTABLISHED + " connections established";
      events.accept(
          new RttEvent(clock.instant(), "rtt.connection.refused", label, Map.of("reason", reason)));
    }

    @Override
    public void failed(RttHandshakeException failure) {
      end();
      handshaking.remove(channel);
      fail(failure);
    }

    @Override
    public void ended(RttHandshake.@Nullable Steps steps) {
      end();
      // The timer (or closeConnections) took the entry when it closed the channel: it reported.
      boolean closedHere = handshaking.remove(channel) == null;
      if (closedHere) {
        fail(timedOut());
      } else if (steps == null) {
        fail(
            new RttHandshakeException(
                RttHandshakeException.Reason.NOISE, "the connection ended before the handshake"));
      } else {
        fail(steps.ended());
      }
      LOG.debug("RTT handshake on {} ended early", channel);
    }

    private void fail(RttHandshakeException failure) {
      if (dialled != null) {
        dialled.completeExceptionally(failure);
      }
      end();
    }

    private void end() {
      HandshakeAdmission.Ticket<Channel> ticket = admitted;
      if (over.compareAndSet(false, true) && ticket != null) {
        admission.release(ticket);
      }
    }

    private RttHandshakeException timedOut() {
      return new RttHandshakeException(
          RttHandshakeException.Reason.NO_CONFIRMATION, "the handshake timed out [RTT-LIM-001]");
    }
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      // Handshake timeout: 10 s from the TCP accept (or connect) to message 3 [RTT-LIM-001].
      handshaking.forEach(
          (channel, started) -> {
            // The timer owns the channel only if it takes the entry (see finishHandshake).
            if (!started.equals(FINISHED)
                && Duration.between(started, now).compareTo(RttLimits.HANDSHAKE_TIMEOUT) >= 0
                && handshaking.remove(channel, started)) {
              events.accept(
                  new RttEvent(
                      now,
                      "rtt.handshake.failed",
                      RttHandshake.label(channel.localAddress(), channel.remoteAddress()),
                      Map.of("reason", "TIMEOUT", "text", "no handshake within 10 s")));
              var unused = channel.close();
            }
          });
      connections.forEach(RttConnection::tick);
      sessions.tick(); // [RTT-RES-013] retention on the injected clock
      connections.removeIf(c -> c.state() == RttConnection.State.CLOSED);
    } catch (RuntimeException e) {
      LOG.error("RTT timer failed", e);
    }
  }

  /** Waits (bounded) for a bind or connect; its failure is an IOException. */
  static ChannelFuture await(ChannelFuture future, String what) throws IOException {
    boolean done;
    try {
      done = future.await(RttLimits.HANDSHAKE_TIMEOUT.toMillis() + TICK.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      var unused = future.channel().close();
      throw new IOException("interrupted: " + what, e);
    }
    if (!done) {
      var unused = future.channel().close();
      throw new IOException(what + " did not complete");
    }
    if (!future.isSuccess()) {
      Throwable cause = future.cause();
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(what + " failed", cause);
    }
    return future;
  }
}
