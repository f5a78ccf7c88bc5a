package org.web4.bench;

import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.rtt.session.SendQueuePolicy;
import org.web4.vectors.VectorKeys;

/**
 * The macro level of issue 9, on loopback with real sockets, each figure next to a baseline moved
 * the same way in the same run: bulk bytes per second on one RTT channel next to raw TCP and JSSE
 * TLS 1.3 (AES-GCM); signed envelopes per second over one RTT connection, validated by the
 * receiver, next to the bare verification rate; INTENT round-trip latency over 1, 16 and 256
 * connections next to a raw TCP echo ({@link RequestResponse}, recorded in HdrHistograms, {@link
 * Latency}); RTT handshakes per second; heap per idle RTT connection next to a raw TCP connection;
 * and the many-connections part ({@link ConnectionsLoad}: 1,000 connections to a listener in its
 * own process). Bounded in bytes, counts and time; loopback only.
 */
public final class LoadDriver {
  private LoadDriver() {}

  public static Map<String, Double> run(boolean smoke, PrintStream out) throws Exception {
    return run(smoke, false, out, new LinkedHashMap<>());
  }

  /**
   * Runs every part (or only the many-connections part) and prints the table.
   *
   * @param latencies receives the histogram of every latency figure, by name, for the JSON output
   */
  public static Map<String, Double> run(
      boolean smoke, boolean onlyConnections, PrintStream out, Map<String, Latency> latencies)
      throws Exception {
    Map<String, Double> f = new LinkedHashMap<>();
    if (!onlyConnections) {
      measureSingleFigures(smoke, f, latencies);
    }
    ConnectionsLoad.run(
        smoke ? ConnectionsLoad.SMOKE : ConnectionsLoad.FULL, f, latencies, System.err);
    Benchmarks.Table t = new Benchmarks.Table(out, f);
    t.header("load on loopback (" + Runtime.getRuntime().availableProcessors() + " cores)");
    if (!onlyConnections) {
      printSingleFigures(t, f, latencies, out);
    }
    printConnections(t, f, latencies, out);
    return f;
  }

  /**
   * Every figure and its baseline are measured after an untimed pass of the same work (as JMH warms
   * up before it measures, docs/adr/1426): a part that ran first, cold, was compared with baselines
   * the JIT had compiled long before.
   */
  private static void measureSingleFigures(
      boolean smoke, Map<String, Double> f, Map<String, Latency> latencies) throws Exception {
    long bulk = smoke ? 8L << 20 : 512L << 20;
    long warmBulk = smoke ? 2L << 20 : 64L << 20;
    rttBulk(warmBulk, 64 * 1024);
    f.put("rttBulkBytesPerSecond", rttBulk(bulk, 64 * 1024));
    rttBulk(warmBulk, RttLimits.MAX_MESSAGE);
    f.put("rttBulk1MiBMessagesBytesPerSecond", rttBulk(bulk, RttLimits.MAX_MESSAGE));
    BulkBaseline.bytesPerSecond(warmBulk, false);
    f.put("tcpBulkBytesPerSecond", BulkBaseline.bytesPerSecond(bulk, false));
    BulkBaseline.bytesPerSecond(warmBulk, true);
    f.put("tlsBulkBytesPerSecond", BulkBaseline.bytesPerSecond(bulk, true));
    int envelopes = smoke ? 300 : 20_000;
    int warmEnvelopes = envelopes / 10;
    bareVerify(warmEnvelopes);
    f.put("bareVerifyPerSecond", bareVerify(envelopes));
    rttEnvelopes(warmEnvelopes, 1);
    f.put("rttEnvelopesPerSecond", rttEnvelopes(envelopes, 1));
    rttEnvelopes(warmEnvelopes, 16);
    f.put("rttEnvelopesPerSecond16", rttEnvelopes(envelopes, 16));
    rttEnvelopes(warmEnvelopes, 16); // the same path: 256 handshakes would warm nothing more
    f.put("rttEnvelopesPerSecond256", rttEnvelopes(envelopes, smoke ? 16 : 256));
    int rounds = smoke ? 64 : 4096;
    for (int conns : smoke ? new int[] {1, 16} : new int[] {1, 16, 256}) {
      String suffix = conns == 1 ? "" : String.valueOf(conns);
      RequestResponse.rtt(Math.max(conns, rounds / 8), Math.min(conns, 16)); // warm-up
      Latency rtt = RequestResponse.rtt(rounds, conns);
      rtt.addFigures(f, "rttRequestResponse", suffix);
      latencies.put("rttRequestResponse" + suffix, rtt);
      if (conns == 1) {
        // [issue 19] the round trip next to its own cryptography, measured right after it
        f.put("intentCryptoMicros", CryptoFloor.measure(smoke ? 200 : 2000).intentMicros());
      }
      // the baseline: the same pattern, the same recorder
      long deadline = System.nanoTime() + RequestResponse.PART_LIMIT.toNanos();
      RequestResponse.tcp(Math.max(conns, rounds / 8), conns, conns, deadline); // warm-up
      Latency tcp =
          RequestResponse.tcp(
              rounds, conns, conns, System.nanoTime() + RequestResponse.PART_LIMIT.toNanos());
      tcp.addFigures(f, "tcpRequestResponse", suffix);
      latencies.put("tcpRequestResponse" + suffix, tcp);
    }
    rttHandshakes(smoke ? 5 : 50);
    f.put("rttHandshakesPerSecond", rttHandshakes(smoke ? 20 : 500));
    int idle = smoke ? 20 : 200;
    f.put("rttBytesPerIdleConnection", rttIdleMemory(idle));
    f.put("tcpBytesPerIdleConnection", tcpIdleMemory(idle));
  }

  private static void printSingleFigures(
      Benchmarks.Table t, Map<String, Double> f, Map<String, Latency> latencies, PrintStream out) {
    t.ratio(
        "RTT bulk, 64 KiB messages",
        "rttBulkBytesPerSecond",
        "JSSE TLS 1.3 bytes/s",
        "tlsBulkBytesPerSecond",
        0.60);
    t.ratio(
        "RTT bulk, 1 MiB messages",
        "rttBulk1MiBMessagesBytesPerSecond",
        "JSSE TLS 1.3 bytes/s",
        "tlsBulkBytesPerSecond",
        0.60);
    t.ratio(
        "RTT bulk, 64 KiB messages",
        "rttBulkBytesPerSecond",
        "raw TCP bytes/s",
        "tcpBulkBytesPerSecond",
        0);
    t.ratio(
        "RTT envelopes/s", "rttEnvelopesPerSecond", "bare verify/s", "bareVerifyPerSecond", 0.60);
    t.ratio(
        "RTT envelopes/s, 16 conns",
        "rttEnvelopesPerSecond16",
        "bare verify/s",
        "bareVerifyPerSecond",
        0.60);
    t.ratio(
        "RTT envelopes/s, 256 conns",
        "rttEnvelopesPerSecond256",
        "bare verify/s",
        "bareVerifyPerSecond",
        0.60);
    for (String conns : new String[] {"", "16", "256"}) {
      if (!f.containsKey("rttRequestResponseP50Micros" + conns)) {
        continue; // the smoke run measures 1 and 16 connections only
      }
      String label = conns.isEmpty() ? "1 conn" : conns + " conns";
      t.ratio(
          "INTENT round trip p50 µs, " + label,
          "rttRequestResponseP50Micros" + conns,
          "TCP 1 KiB echo p50 µs",
          "tcpRequestResponseP50Micros" + conns,
          0);
      if (conns.isEmpty()) {
        t.ratioAtMost(
            "INTENT round trip p50 µs, 1 conn",
            "rttRequestResponseP50Micros",
            "its crypto (2 sign+2 vfy)",
            "intentCryptoMicros",
            1.30);
      }
      t.ratio(
          "INTENT round trip p99 µs, " + label,
          "rttRequestResponseP99Micros" + conns,
          "TCP 1 KiB echo p99 µs",
          "tcpRequestResponseP99Micros" + conns,
          0);
      t.ratio(
          "INTENT round trips/s, " + label,
          "rttRequestResponsePerSecond" + conns,
          "TCP echo round trips/s",
          "tcpRequestResponsePerSecond" + conns,
          0);
    }
    t.plain("RTT handshakes/s (serial)", "rttHandshakesPerSecond");
    t.ratio(
        "heap per idle RTT conn",
        "rttBytesPerIdleConnection",
        "raw TCP conn",
        "tcpBytesPerIdleConnection",
        0);
    out.printf("%-26s target: at most 65536 bytes per idle RTT connection%n", "");
    for (Map.Entry<String, Latency> e : latencies.entrySet()) {
      if (!e.getKey().startsWith("connections")) {
        out.printf("%-26s p50/p90/p99/p99.9/max %s%n", e.getKey(), e.getValue().summary());
      }
    }
  }

  private static void printConnections(
      Benchmarks.Table t, Map<String, Double> f, Map<String, Latency> latencies, PrintStream out) {
    String n = String.format(java.util.Locale.ROOT, "%.0f", f.get("connectionsOpen"));
    t.ratio(
        "RTT handshakes/s, " + n + " conns",
        "connectionsRttHandshakesPerSecond",
        "crypto bound, 1 thread",
        "connectionsHandshakeBoundPerSecond",
        0);
    t.ratio(
        "RTT handshakes/s, " + n + " conns",
        "connectionsRttHandshakesPerSecond",
        "raw TCP connects/s",
        "connectionsTcpConnectsPerSecond",
        0);
    t.plain("… with CIP established/s", "connectionsEstablishedPerSecond");
    t.plain("listener RSS/idle conn B", "connectionsListenerRssBytesPerConnection");
    t.plain("listener threads, " + n + " conns", "connectionsListenerThreads");
    t.plain("listener threads/conn", "connectionsListenerThreadsPerConnection");
    t.plain("dialler threads", "connectionsDiallerThreads");
    out.printf("%-26s target: at most 32 listener threads for 1,000 connections%n", "");
    t.ratio(
        "INTENT p50 µs, " + n + " open",
        "connectionsIntentP50Micros",
        "its crypto (2 sign+2 vfy)",
        "connectionsIntentCryptoMicros",
        0);
    t.ratio(
        "INTENT p50 µs, " + n + " open",
        "connectionsIntentP50Micros",
        "TCP 1 KiB echo p50 µs",
        "connectionsTcpEchoP50Micros",
        0);
    t.ratio(
        "INTENT p99 µs, " + n + " open",
        "connectionsIntentP99Micros",
        "TCP 1 KiB echo p99 µs",
        "connectionsTcpEchoP99Micros",
        0);
    t.ratio(
        "INTENT round trips/s",
        "connectionsIntentPerSecond",
        "TCP echo round trips/s",
        "connectionsTcpEchoPerSecond",
        0);
    for (Map.Entry<String, Latency> e : latencies.entrySet()) {
      if (e.getKey().startsWith("connections")) {
        out.printf("%-26s p50/p90/p99/p99.9/max %s%n", e.getKey(), e.getValue().summary());
      }
    }
  }

  // ------------------------------------------------------------------------------------------- RTT

  private static RttEndpoint endpoint(String name, RttConnection.MessageHandler handler) {
    SecureRandom random = new SecureRandom();
    return new RttEndpoint(
        RttHandshake.LocalIdentity.generate(name, random),
        Clock.systemUTC(),
        random,
        RttEvent.Sink.none(),
        handler,
        c -> {});
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  /** Messages of {@code size} bytes on one channel until {@code total} bytes arrived. */
  static double rttBulk(long total, int size) throws Exception {
    AtomicLong received = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    try (RttEndpoint server =
            endpoint(
                "server",
                (c, ch, m, last) -> {
                  if (received.addAndGet(m.length) >= total) {
                    done.countDown();
                  }
                });
        RttEndpoint client = endpoint("client", (c, ch, m, last) -> {})) {
      if (!Boolean.getBoolean("web4.bench.refusedSender")) {
        // The sender waits for room as the baseline's blocking socket write does: the `block`
        // send-queue policy (spec/rtt.md §9.1), not a refusal retried after a 20 µs pause
        // (docs/adr/1426; -Dweb4.bench.refusedSender=true measures the earlier way).
        client.setSendQueuePolicy(
            new SendQueuePolicy(
                SendQueuePolicy.Kind.BLOCK,
                SendQueuePolicy.DEFAULT.maxMessages(),
                SendQueuePolicy.DEFAULT.maxBytes(),
                Duration.ofSeconds(60)));
      }
      InetSocketAddress at = server.listen(loopback());
      RttConnection c = client.dial(at, Optional.empty());
      byte[] message = Fixtures.bytes(size, 1);
      long t0 = System.nanoTime();
      long sent = 0;
      while (sent < total) {
        try {
          c.send(ChannelNames.KNOWLEDGE, message);
          sent += message.length;
        } catch (org.web4.rtt.session.RttBackpressureException e) {
          java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
      }
      if (!done.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("bulk transfer did not finish");
      }
      return total / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * Pre-signed envelopes over {@code connections} RTT connections at once (one sending thread
   * each), each validated by the receiver; envelopes per second in all.
   */
  static double rttEnvelopes(int count, int connections) throws Exception {
    List<byte[]> envelopes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      envelopes.add(JsonCanonicalizer.canonicalize(Fixtures.envelope(UUID.randomUUID())));
    }
    EnvelopeValidator validator = new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache());
    CountDownLatch done = new CountDownLatch(count);
    AtomicLong refused = new AtomicLong();
    try (RttEndpoint server =
            endpoint(
                "server",
                (c, ch, m, last) -> {
                  try {
                    validator.validate(m, Fixtures.NOW);
                  } catch (Exception e) {
                    refused.incrementAndGet();
                  }
                  done.countDown();
                });
        RttEndpoint client = endpoint("client", (c, ch, m, last) -> {})) {
      InetSocketAddress at = server.listen(loopback());
      List<RttConnection> open = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        open.add(client.dial(at, Optional.empty()));
      }
      List<Thread> senders = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < connections; i++) {
        RttConnection c = open.get(i);
        List<byte[]> share =
            envelopes.subList(i * count / connections, (i + 1) * count / connections);
        Thread t =
            new Thread(
                () -> {
                  for (byte[] e : share) {
                    while (true) {
                      try {
                        c.send(ChannelNames.STATE, e);
                        break;
                      } catch (org.web4.rtt.session.RttBackpressureException full) {
                        java.util.concurrent.locks.LockSupport.parkNanos(20_000);
                      } catch (org.web4.rtt.session.RttTransportException dead) {
                        return;
                      }
                    }
                  }
                },
                "sender-" + i);
        t.start();
        senders.add(t);
      }
      for (Thread t : senders) {
        t.join();
      }
      if (!done.await(120, TimeUnit.SECONDS) || refused.get() > 0) {
        throw new IllegalStateException("envelopes lost or refused: " + refused.get());
      }
      return count / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** The receiver's floor: bare BouncyCastle verification of the same envelope's signature. */
  static double bareVerify(int count) {
    byte[] m = Fixtures.envelopeBytes();
    byte[] sig = VectorKeys.key("alice").sign(m);
    byte[] pk = VectorKeys.key("alice").publicKey().raw();
    long t0 = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (!org.bouncycastle.math.ec.rfc8032.Ed25519.verify(sig, 0, pk, 0, m, 0, m.length)) {
        throw new IllegalStateException();
      }
    }
    return count / ((System.nanoTime() - t0) / 1e9);
  }

  /** Dial, handshake, close, one after another. */
  static double rttHandshakes(int count) throws Exception {
    try (RttEndpoint server = endpoint("server", (c, ch, m, last) -> {});
        RttEndpoint client = endpoint("client", (c, ch, m, last) -> {})) {
      InetSocketAddress at = server.listen(loopback());
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        client.dial(at, Optional.empty()).close();
      }
      return count / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * Heap after GC with {@code n} idle connections open, minus before, per connection (both ends).
   */
  static double rttIdleMemory(int n) throws Exception {
    try (RttEndpoint server = endpoint("server", (c, ch, m, last) -> {});
        RttEndpoint client = endpoint("client", (c, ch, m, last) -> {})) {
      InetSocketAddress at = server.listen(loopback());
      client.dial(at, Optional.empty()).close(); // warm up classes
      long before = heapAfterGc();
      List<RttConnection> open = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        open.add(client.dial(at, Optional.empty()));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (server.connections().size() < n + 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      long after = heapAfterGc();
      double perConnection = (after - before) / (2.0 * n); // both ends live in this heap
      open.forEach(RttConnection::close);
      return perConnection;
    }
  }

  static double tcpIdleMemory(int n) throws Exception {
    try (ServerSocket ss = new ServerSocket(0, 512, InetAddress.getLoopbackAddress())) {
      List<Socket> sockets = new ArrayList<>();
      long before = heapAfterGc();
      for (int i = 0; i < n; i++) {
        sockets.add(new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort()));
        sockets.add(ss.accept());
      }
      long after = heapAfterGc();
      for (Socket s : sockets) {
        s.close();
      }
      return (after - before) / (2.0 * n);
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
