package org.web4.rtt.session;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.wire.NoiseMessageStream;

/**
 * One agent's RTT endpoint: it listens (responder) and dials (initiator), runs handshakes under the
 * handshake timeout and the unauthenticated-connection limit, and ticks every connection's timers
 * from the injected clock.
 */
public final class RttEndpoint implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RttEndpoint.class);

  /** How often (real time) the timer reads the injected clock. */
  static final Duration TICK = Duration.ofMillis(100);

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

  private final Set<RttConnection> connections = ConcurrentHashMap.newKeySet();

  /** Accepted or dialled sockets and when their handshake began, or {@link #FINISHED}. */
  private final Map<Socket, Instant> handshaking = new ConcurrentHashMap<>();

  /** A handshake that completed; its connection is being started (see finishHandshake). */
  private static final Instant FINISHED = Instant.MAX;

  private final AtomicInteger unauthenticated = new AtomicInteger();
  private final ScheduledExecutorService timer;
  private final ExecutorService handshakes;
  private volatile @Nullable ServerSocket serverSocket;

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
    this.deviations = Set.copyOf(deviations);
    this.local = local;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.handler = handler;
    this.listener = listener;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "rtt-timer");
              t.setDaemon(true);
              return t;
            });
    this.handshakes =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "rtt-handshake");
              t.setDaemon(true);
              return t;
            });
    var unused =
        timer.scheduleWithFixedDelay(
            this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs the timers once now, on the timer thread, and returns when they ran (at most 5 s): the
   * harness calls this after it moved the clock, so that what became due (a PING, a dead-peer
   * timeout, a handshake timeout) has happened before `clock/advance` answers, instead of at the
   * next tick. Harmless when the endpoint is closed.
   */
  public void runTimersNow() {
    try {
      timer.submit(this::tick).get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.RejectedExecutionException
        | java.util.concurrent.ExecutionException
        | java.util.concurrent.TimeoutException e) {
      // Closed, or a tick failed (it reports its own failures): the periodic tick remains.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public RttHandshake.LocalIdentity local() {
    return local;
  }

  /** Listens on {@code address} (port 0: ephemeral) and returns the bound address. */
  public InetSocketAddress listen(InetSocketAddress address) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(address, 128);
    serverSocket = ss;
    Thread acceptor = new Thread(() -> acceptLoop(ss), "rtt-accept " + ss.getLocalSocketAddress());
    acceptor.setDaemon(true);
    acceptor.start();
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), ss.getLocalPort());
  }

  /**
   * Dials a peer and runs the handshake as initiator [RTT-HS-002], refusing a peer whose identity
   * is not {@code expectedFingerprint} when one is given [RTT-HS-004].
   */
  public RttConnection dial(InetSocketAddress address, Optional<String> expectedFingerprint)
      throws IOException, RttHandshakeException {
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(address, (int) RttLimits.HANDSHAKE_TIMEOUT.toMillis());
    NoiseMessageStream stream = new NoiseMessageStream(socket);
    handshaking.put(socket, clock.instant());
    try {
      RttHandshake.Established established =
          new RttHandshake(local, random, clock, events, deviations)
              .initiate(stream, expectedFingerprint);
      if (!finishHandshake(socket)) {
        stream.close();
        throw new RttHandshakeException(
            RttHandshakeException.Reason.NO_CONFIRMATION, "the handshake timed out [RTT-LIM-001]");
      }
      return register(stream, established, true);
    } catch (SocketException e) {
      stream.close();
      throw new RttHandshakeException(
          RttHandshakeException.Reason.NOISE, "the handshake did not complete: " + e.getMessage());
    } finally {
      handshaking.remove(socket);
    }
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
    // Handshakes in progress end too, and are gone when this returns (bounded), so that a harness
    // `reset` leaves no connection behind that a later `rtt/connections` would count.
    Set<Socket> pending = Set.copyOf(handshaking.keySet());
    pending.forEach(RttEndpoint::closeQuietly);
    long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (pending.stream().anyMatch(handshaking::containsKey) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    ServerSocket ss = serverSocket;
    if (ss != null) {
      try {
        ss.close();
      } catch (IOException ignored) {
        // Closing.
      }
    }
    for (Socket s : handshaking.keySet()) {
      closeQuietly(s);
    }
    closeConnections();
    timer.shutdownNow();
    handshakes.shutdownNow();
  }

  private void acceptLoop(ServerSocket ss) {
    while (!ss.isClosed()) {
      Socket socket;
      try {
        socket = ss.accept();
      } catch (IOException e) {
        if (!ss.isClosed()) {
          LOG.warn("RTT accept failed: {}", e.toString());
        }
        continue;
      }
      // At most 64 connections in the handshake at once; more are closed at accept [RTT-LIM-002].
      if (unauthenticated.incrementAndGet() > RttLimits.MAX_UNAUTHENTICATED) {
        unauthenticated.decrementAndGet();
        events.accept(
            new RttEvent(
                clock.instant(),
                "rtt.connection.refused",
                RttHandshake.label(socket),
                Map.of("reason", "too many unauthenticated connections")));
        closeQuietly(socket);
        continue;
      }
      handshaking.put(socket, clock.instant());
      handshakes.execute(() -> respond(socket));
    }
  }

  private void respond(Socket socket) {
    try {
      socket.setTcpNoDelay(true);
      NoiseMessageStream stream = new NoiseMessageStream(socket);
      RttHandshake.Established established =
          new RttHandshake(local, random, clock, events, deviations).respond(stream);
      if (finishHandshake(socket)) {
        register(stream, established, false);
      } else {
        stream.close(); // the timer closed it: the handshake timed out [RTT-LIM-001]
      }
    } catch (IOException | RttHandshakeException e) {
      LOG.debug("RTT handshake from {} failed: {}", socket.getRemoteSocketAddress(), e.toString());
      closeQuietly(socket);
    } finally {
      handshaking.remove(socket);
      unauthenticated.decrementAndGet();
    }
  }

  /**
   * Marks a handshake finished before its connection starts: the timer's handshake timeout
   * [RTT-LIM-001] applies only to an entry of {@link #handshaking} that is not {@link #FINISHED},
   * and the timer closes a socket only when it removed that entry itself ({@link #tick}). Exactly
   * one of the two wins, so a connection that completed its handshake is never closed as a late
   * handshake, however long this thread waits before it leaves {@link #handshaking}. The entry
   * stays until then so that {@link #closeConnections} still ends the connection being started.
   *
   * @return false when the timer timed the handshake out first (it closed the socket)
   */
  private boolean finishHandshake(Socket socket) {
    return handshaking.computeIfPresent(socket, (s, started) -> FINISHED) != null;
  }

  private RttConnection register(
      NoiseMessageStream stream, RttHandshake.Established established, boolean initiator) {
    // [HAR-RTT-002] listed before its first frame leaves: a peer that has read our frame 0 (the
    // responder's confirming PING, RTT-HS-007) and asks rtt/connections finds the connection.
    ConnectionListener listedFirst =
        new ConnectionListener() {
          @Override
          public void connected(RttConnection connection) {
            connections.add(connection);
            listener.connected(connection);
          }

          @Override
          public void closed(RttConnection connection) {
            listener.closed(connection);
          }
        };
    return RttConnection.start(
        stream,
        established,
        local.limits(),
        initiator,
        clock,
        events,
        handler,
        listedFirst,
        deviations);
  }

  private void tick() {
    try {
      Instant now = clock.instant();
      // Handshake timeout: 10 s from the TCP accept (or connect) to message 3 [RTT-LIM-001].
      handshaking.forEach(
          (socket, started) -> {
            // The timer owns the socket only if it takes the entry (see finishHandshake).
            if (!started.equals(FINISHED)
                && Duration.between(started, now).compareTo(RttLimits.HANDSHAKE_TIMEOUT) >= 0
                && handshaking.remove(socket, started)) {
              events.accept(
                  new RttEvent(
                      now,
                      "rtt.handshake.failed",
                      RttHandshake.label(socket),
                      Map.of("reason", "TIMEOUT", "text", "no handshake within 10 s")));
              closeQuietly(socket);
            }
          });
      connections.forEach(RttConnection::tick);
      connections.removeIf(c -> c.state() == RttConnection.State.CLOSED);
    } catch (RuntimeException e) {
      LOG.error("RTT timer failed", e);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing.
    }
  }
}
