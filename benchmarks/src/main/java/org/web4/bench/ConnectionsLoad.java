package org.web4.bench;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web4.agent.ReferenceAgent;
import org.web4.rtt.session.RttConnection;

/**
 * The many-connections figure of issue 19 (ADR 1105): one reference listener ({@code web4 serve} in
 * a process of its own, on 127.0.0.1) holding {@code connections} RTT connections from one
 * reference agent in this process, all measured through the public API only (dial, CIP, INTENT,
 * {@code /proc/PID/status}), so it runs unchanged on any transport behind {@code RttEndpoint}.
 *
 * <ol>
 *   <li>Handshake rate while establishing them: {@code dialers} threads dial until all are open;
 *       next to the in-run bound of the handshake's cryptography ({@link CryptoFloor}) and to raw
 *       TCP connects per second with as many threads.
 *   <li>Idle cost: the listener's resident memory ({@code VmRSS}) and threads after, minus before,
 *       divided by the connections; the dialling JVM's threads.
 *   <li>INTENT → INTENT_RESPONSE with all of them open: every connection sends {@code rounds}
 *       INTENTs, {@code senders} threads at once (one INTENT in flight per thread); next to the
 *       round trip's own cryptography and to raw TCP 1 KiB echo over as many open sockets with the
 *       same senders and the same recorder.
 * </ol>
 *
 * Loopback only; every wait is bounded and the whole part gives up after {@code limit}.
 */
final class ConnectionsLoad {
  /** What one run does. */
  record Settings(
      int connections, int dialers, int rounds, int senders, int cryptoCount, Duration limit) {}

  /** 1,000 connections, 8 dialling threads, 4 INTENTs per connection from 32 threads. */
  static final Settings FULL = new Settings(1000, 8, 4, 32, 2000, Duration.ofMinutes(10));

  /** The smoke run (seconds): 20 connections. */
  static final Settings SMOKE = new Settings(20, 4, 2, 4, 50, Duration.ofMinutes(2));

  /** Connections opened, established and used once before the "before" reading (warm-up). */
  static final int WARM = 4;

  private ConnectionsLoad() {}

  static void run(
      Settings s, Map<String, Double> f, Map<String, Latency> latencies, PrintStream progress)
      throws Exception {
    long deadline = System.nanoTime() + s.limit().toNanos();
    int n = s.connections();
    f.put("connectionsOpen", (double) n);
    CryptoFloor floor = CryptoFloor.measure(s.cryptoCount());
    f.put("connectionsHandshakeBoundPerSecond", floor.handshakesPerSecond());
    f.put("connectionsIntentCryptoMicros", floor.intentMicros());
    f.put("connectionsTcpConnectsPerSecond", tcpConnects(n, s.dialers(), deadline));

    RequestResponse.Answers answers = new RequestResponse.Answers();
    try (ListenerProcess listener = ListenerProcess.start(s.limit().plusMinutes(1));
        ReferenceAgent client = RequestResponse.agent("dialler", answers, new SecureRandom())) {
      List<RttConnection> warm = dial(client, listener.rtt(), WARM, 1, deadline);
      answers.awaitEstablished(warm, deadline);
      RequestResponse.intents(client, answers, warm, 1, WARM, deadline);
      ProcStatus before = listener.status();

      long t0 = System.nanoTime();
      List<RttConnection> open = dial(client, listener.rtt(), n, s.dialers(), deadline);
      long t1 = System.nanoTime();
      answers.awaitEstablished(open, deadline);
      long t2 = System.nanoTime();
      ProcStatus idle = listener.status();
      progress.printf("%d connections open and CIP-established%n", n);
      progress.printf(
          "listener threads with %d open (%d): %s%n",
          n, idle.threads(), String.join(", ", listener.threadNames()));
      f.put("connectionsRttHandshakesPerSecond", n / ((t1 - t0) / 1e9));
      f.put("connectionsEstablishedPerSecond", n / ((t2 - t0) / 1e9));
      f.put("connectionsListenerRssBytesBefore", (double) before.rssBytes());
      f.put("connectionsListenerRssBytesIdle", (double) idle.rssBytes());
      f.put(
          "connectionsListenerRssBytesPerConnection",
          (idle.rssBytes() - before.rssBytes()) / (double) n);
      f.put("connectionsListenerThreadsBefore", (double) before.threads());
      f.put("connectionsListenerThreads", (double) idle.threads());
      f.put(
          "connectionsListenerThreadsPerConnection",
          (idle.threads() - before.threads()) / (double) n);
      f.put("connectionsDiallerThreads", (double) ProcStatus.self().threads());

      Latency intent =
          RequestResponse.intents(client, answers, open, s.rounds(), s.senders(), deadline);
      latencies.put("connectionsIntent", intent);
      intent.addFigures(f, "connectionsIntent", "");
      f.put("connectionsListenerRssBytesAfterIntents", (double) listener.status().rssBytes());
    }
    Latency tcp = RequestResponse.tcp(n * s.rounds(), n, s.senders(), deadline);
    latencies.put("connectionsTcpEcho", tcp);
    tcp.addFigures(f, "connectionsTcpEcho", "");
  }

  /**
   * {@code count} RTT connections dialled by {@code dialers} threads at once; each dial is bounded
   * by the reference's handshake timeout, and no dial starts after {@code deadline}.
   */
  static List<RttConnection> dial(
      ReferenceAgent client, InetSocketAddress at, int count, int dialers, long deadline)
      throws Exception {
    List<RttConnection> open = Collections.synchronizedList(new ArrayList<>());
    inParallel(
        count, dialers, deadline, () -> open.add(client.endpoint().dial(at, Optional.empty())));
    return new ArrayList<>(open);
  }

  /** The baseline: raw TCP connects (and accepts) per second with as many threads, then closed. */
  static double tcpConnects(int count, int dialers, long deadline) throws Exception {
    List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket ss = new ServerSocket(0, 128, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                for (int i = 0; i < count; i++) {
                  try {
                    sockets.add(ss.accept());
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "connect-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      long t0 = System.nanoTime();
      inParallel(
          count,
          dialers,
          deadline,
          () -> sockets.add(new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort())));
      double rate = count / ((System.nanoTime() - t0) / 1e9);
      acceptor.join(Duration.ofSeconds(10).toMillis());
      return rate;
    } finally {
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  /** {@code count} steps shared by {@code threads} threads. */
  private static void inParallel(int count, int threads, long deadline, Step step)
      throws Exception {
    Workers.run(
        "dialer",
        threads,
        deadline,
        (k, steps) -> {
          for (int i = k; i < count && steps.next(); i += threads) {
            step.run();
          }
        });
  }

  private interface Step {
    void run() throws Exception;
  }
}
