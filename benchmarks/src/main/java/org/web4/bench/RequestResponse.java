package org.web4.bench;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttConnection;

/**
 * Request/response latency, each round trip recorded in a {@link Latency}: a signed INTENT from a
 * reference agent answered by a signed INTENT_RESPONSE after the CIP handshake, and its baseline, 1
 * KiB echoed over raw TCP in the same pattern. Every connection has at most one request in flight;
 * {@code senders} threads share the connections (thread k sends on connections k, k + senders, …),
 * so with as many senders as connections each connection has its own thread.
 */
final class RequestResponse {
  /** How long one answer may take before the run gives up. */
  static final Duration ANSWER_WITHIN = Duration.ofSeconds(30);

  /** How long one figure of the load driver may take before it gives up. */
  static final Duration PART_LIMIT = Duration.ofSeconds(120);

  private RequestResponse() {}

  /**
   * The client agent's view of its connections, fed by its event sink: which completed the CIP
   * handshake, and when each INTENT_RESPONSE arrived.
   */
  static final class Answers implements RttEvent.Sink {
    private final ConcurrentHashMap<String, BlockingQueue<Long>> arrivals =
        new ConcurrentHashMap<>();
    private final Set<String> established = ConcurrentHashMap.newKeySet();

    @Override
    public void accept(RttEvent e) {
      if (e.kind().equals("cip.handshake.completed")) {
        established.add(e.connection());
        synchronized (this) {
          notifyAll();
        }
      } else if (e.kind().equals("envelope.accepted")
          && "INTENT_RESPONSE".equals(e.attributes().get("type"))) {
        queue(e.connection()).add(System.nanoTime());
      }
    }

    private BlockingQueue<Long> queue(String label) {
      return arrivals.computeIfAbsent(label, l -> new LinkedBlockingQueue<>());
    }

    /** Waits until every connection completed its CIP handshake, at most until {@code deadline}. */
    synchronized void awaitEstablished(Collection<RttConnection> open, long deadlineNanos)
        throws InterruptedException {
      for (RttConnection c : open) {
        while (!established.contains(c.label())) {
          long left = deadlineNanos - System.nanoTime();
          if (left <= 0) {
            throw new IllegalStateException(
                "CIP handshakes incomplete: "
                    + open.stream().filter(o -> established.contains(o.label())).count()
                    + " of "
                    + open.size());
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      }
    }

    /** When the next INTENT_RESPONSE arrived on {@code c} ({@link System#nanoTime()}). */
    long next(RttConnection c) throws InterruptedException {
      Long at = queue(c.label()).poll(ANSWER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      if (at == null) {
        throw new IllegalStateException("no INTENT_RESPONSE within " + ANSWER_WITHIN);
      }
      return at;
    }
  }

  /** A reference agent (the same one {@code web4 serve} runs) with an ephemeral identity. */
  static ReferenceAgent agent(String name, RttEvent.Sink events, SecureRandom random) {
    return new ReferenceAgent(
        new HarnessBackend.Implementation("bench", "1"),
        name,
        AgentKeyPair.generate(random),
        new AdjustableClock(Clock.systemUTC()),
        random,
        events);
  }

  /**
   * INTENT → INTENT_RESPONSE between two reference agents in this process over {@code connections}
   * RTT connections at once, one thread per connection, {@code count} round trips in all.
   */
  static Latency rtt(int count, int connections) throws Exception {
    Answers answers = new Answers();
    SecureRandom random = new SecureRandom();
    try (ReferenceAgent server = agent("server", RttEvent.Sink.none(), random);
        ReferenceAgent client = agent("client", answers, random)) {
      InetSocketAddress at =
          server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      List<RttConnection> open = new ArrayList<>();
      for (int i = 0; i < connections; i++) {
        open.add(client.endpoint().dial(at, Optional.empty()));
      }
      long deadline = System.nanoTime() + PART_LIMIT.toNanos();
      answers.awaitEstablished(open, deadline);
      return intents(
          client, answers, open, Math.max(1, count / connections), connections, deadline);
    }
  }

  /**
   * {@code rounds} INTENTs on each open connection (CIP established), sent by {@code senders}
   * threads; gives up when an answer takes longer than {@link #ANSWER_WITHIN}.
   */
  static Latency intents(
      ReferenceAgent client,
      Answers answers,
      List<RttConnection> open,
      int rounds,
      int senders,
      long deadline)
      throws Exception {
    Latency latency = new Latency();
    run(
        senders,
        open.size(),
        rounds,
        deadline,
        latency,
        i -> {
          RttConnection c = open.get(i);
          long sent = System.nanoTime();
          client.cip().sendIntent(c, "ask", "latency");
          latency.record(sent, answers.next(c));
        });
    return latency;
  }

  /**
   * The baseline: 1 KiB request, 1 KiB answer over raw TCP, {@code connections} sockets open (an
   * echo thread each), {@code senders} sending threads, {@code count} round trips in all.
   */
  static Latency tcp(int count, int connections, int senders, long deadline) throws Exception {
    int rounds = Math.max(1, count / connections);
    try (ServerSocket ss = new ServerSocket(0, connections + 8, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                for (int k = 0; k < connections; k++) {
                  try {
                    Socket s = ss.accept();
                    Thread echo = new Thread(() -> echo(s, rounds), "echo");
                    echo.setDaemon(true);
                    echo.start();
                  } catch (Exception e) {
                    return;
                  }
                }
              },
              "echo-acceptor");
      acceptor.setDaemon(true);
      acceptor.start();
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int k = 0; k < connections; k++) {
          Socket s = new Socket(InetAddress.getLoopbackAddress(), ss.getLocalPort());
          s.setTcpNoDelay(true);
          s.setSoTimeout((int) ANSWER_WITHIN.toMillis());
          sockets.add(s);
        }
        byte[] request = Fixtures.bytes(1024, 3);
        Latency latency = new Latency();
        run(
            senders,
            connections,
            rounds,
            deadline,
            latency,
            i -> {
              Socket s = sockets.get(i);
              byte[] answer = new byte[1024];
              long sent = System.nanoTime();
              OutputStream out = s.getOutputStream();
              out.write(request);
              out.flush();
              new DataInputStream(s.getInputStream()).readFully(answer);
              latency.record(sent, System.nanoTime());
            });
        return latency;
      } finally {
        for (Socket s : sockets) {
          s.close();
        }
      }
    }
  }

  /** One round trip on connection {@code index}. */
  private interface RoundTrip {
    void on(int index) throws Exception;
  }

  /**
   * {@code senders} threads, thread k doing {@code rounds} rounds over connections k, k + senders,
   * …; the latency's interval spans them all.
   */
  private static void run(
      int senders, int connections, int rounds, long deadline, Latency latency, RoundTrip roundTrip)
      throws Exception {
    latency.start();
    Workers.run(
        "round-trips",
        Math.min(senders, connections),
        deadline,
        (k, steps) -> {
          for (int r = 0; r < rounds; r++) {
            for (int i = k; i < connections && steps.next(); i += senders) {
              roundTrip.on(i);
            }
          }
        });
    latency.stop();
  }

  private static void echo(Socket s, int count) {
    try (s) {
      s.setTcpNoDelay(true);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      byte[] buf = new byte[1024];
      for (int i = 0; i < count; i++) {
        in.readFully(buf);
        out.write(buf);
        out.flush();
      }
    } catch (Exception e) {
      // The client closed early: the measurement reports its own failure.
    }
  }
}
