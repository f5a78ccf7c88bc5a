package org.web4.soak;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.build.KitBuild;
import org.web4.cip.AgentLoop;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.rtt.RttEvent;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.session.Reconnector;
import org.web4.rtt.session.RttConnection;

/**
 * One of the soak's dialers: a reference agent (in this JVM) with RTT session resume and the
 * automatic reconnect ({@link Reconnector}), dialling the listener through the fault proxy. Once
 * its CIP handshake is complete on the current connection it sends numbered INTENTs at its rate;
 * the listener's INTENT_RESPONSEs, refusals and the agent's own refusals go to the {@link
 * IntentLedger}.
 */
final class SoakPeer implements AutoCloseable {
  private final int index;
  private final InetSocketAddress proxy;
  private final String listener;
  private final long seed;
  private final double rate;
  private final IntentLedger ledger;
  private final ReferenceAgent agent;
  private final Thread sender;
  private volatile boolean sending = true;
  private volatile boolean running = true;
  private long number;

  /** INTENT_RESPONSE msg_ids accepted lately: a cip.refused naming one is an answer refused. */
  private final Map<String, Boolean> recentAnswers =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > 10_000;
            }
          });

  /** The soak stops a peer that sends more than this many INTENTs ahead of its answers. */
  static final int MAX_OUTSTANDING = 2_000;

  long keeps;

  /** {@code WEB4_SOAK_TRACE=1}: every event of the dialers to standard error. */
  private static final boolean TRACE = System.getenv("WEB4_SOAK_TRACE") != null;

  /** Why reconnect attempts failed (a few distinct reasons, for the summary). */
  final Map<String, Long> reconnectFailures = new java.util.TreeMap<>();

  SoakPeer(
      int index,
      InetSocketAddress proxy,
      String listener,
      long seed,
      double rate,
      IntentLedger ledger,
      SecureRandom random) {
    this.index = index;
    this.proxy = proxy;
    this.listener = listener;
    this.seed = seed;
    this.rate = rate;
    this.ledger = ledger;
    this.agent =
        new ReferenceAgent(
            new HarnessBackend.Implementation("web4-reference", KitBuild.current().kitVersion()),
            "soak-peer-" + index,
            AgentKeyPair.generate(random),
            new AdjustableClock(Clock.systemUTC()),
            random,
            this::event);
    agent.endpoint().enableResume(true);
    agent.loop().watch(this::work);
    this.sender = new Thread(this::sendLoop, "soak-peer-" + index);
    sender.setDaemon(true);
  }

  void start() {
    sender.start();
  }

  Reconnector.Figures figures() {
    return agent.endpoint().reconnector().figures(listener);
  }

  /** Stops sending (the drain); answers are still counted. */
  void stopSending() {
    sending = false;
  }

  private boolean keep() {
    try {
      keeps++;
      agent
          .endpoint()
          .reconnector()
          .keep(
              proxy,
              listener,
              seed + keeps,
              Reconnector.AfterRetention.FRESH_SESSION,
              (c, h) -> {});
      return true;
    } catch (IOException | RttHandshakeException | IllegalStateException e) {
      return false;
    }
  }

  private void sendLoop() {
    long interval = (long) (TimeUnit.SECONDS.toNanos(1) / rate);
    long next = System.nanoTime();
    while (running) {
      if (!agent.endpoint().reconnector().keeps(listener) && !keep()) {
        pause(TimeUnit.MILLISECONDS.toNanos(500));
        continue;
      }
      if (!sending) {
        pause(TimeUnit.MILLISECONDS.toNanos(50));
        continue;
      }
      long now = System.nanoTime();
      if (now < next) {
        pause(next - now);
        continue;
      }
      next = Math.max(next + interval, now - TimeUnit.SECONDS.toNanos(1));
      Optional<RttConnection> c = agent.endpoint().reconnector().connection(listener);
      if (c.isEmpty()
          || !agent.cip().established(c.get())
          || ledger.outstanding() > MAX_OUTSTANDING) {
        next = now + TimeUnit.MILLISECONDS.toNanos(10); // not ready: look again soon
        continue;
      }
      long n = number;
      long sentAt = System.nanoTime();
      String msgId;
      try {
        msgId = agent.cip().sendIntent(c.get(), "ask", "soak " + index + " " + n);
      } catch (RuntimeException e) {
        ledger.notSent();
        continue;
      }
      number++;
      ledger.sent(msgId, index, n, sentAt);
    }
  }

  private static void pause(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void work(AgentLoop.Work w) {
    if (w instanceof AgentLoop.IntentAnswered a) {
      ledger.answered(a.response().path("intent_ref").asText(), System.nanoTime());
    }
  }

  private void event(RttEvent e) {
    if (TRACE) {
      System.err.println(
          "peer "
              + index
              + " "
              + e.time()
              + " "
              + e.kind()
              + " "
              + e.connection()
              + " "
              + e.attributes());
    }
    switch (e.kind()) {
      case "rtt.error.received" -> {
        if (e.attributes().get("msg_id") instanceof String id
            && Boolean.FALSE.equals(e.attributes().get("closing"))) {
          ledger.refusedByListener(
              id,
              String.valueOf(e.attributes().get("code")),
              String.valueOf(e.attributes().get("text")));
        }
      }
      case "rtt.error.sent" -> {
        if ("REPLAY".equals(e.attributes().get("code"))) {
          ledger.replayHere();
        }
      }
      case "envelope.accepted" -> {
        if ("INTENT_RESPONSE".equals(e.attributes().get("type"))
            && e.attributes().get("msg_id") instanceof String id) {
          recentAnswers.put(id, Boolean.TRUE);
          ledger.answerAccepted();
        }
      }
      case "cip.refused" -> {
        if (e.attributes().get("msg_id") instanceof String id && recentAnswers.remove(id) != null) {
          ledger.answerRefusedHere();
        }
      }
      case "rtt.reconnect.failed" -> {
        String why = String.valueOf(e.attributes().get("reason"));
        synchronized (reconnectFailures) {
          if (reconnectFailures.size() < 20) {
            reconnectFailures.merge(why, 1L, Long::sum);
          }
        }
      }
      default -> {}
    }
  }

  @Override
  public void close() {
    running = false;
    sender.interrupt();
    try {
      sender.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Optional<RttConnection> c = agent.endpoint().reconnector().connection(listener);
    agent.endpoint().reconnector().stop(listener);
    c.ifPresent(RttConnection::shutdown); // GOAWAY: the session ends [RTT-RES-014]
    agent.close();
  }
}
