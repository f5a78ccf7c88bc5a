package org.web4.rtt.sim;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.session.RttRuntime;

/**
 * The deterministic simulation of issue 18 ("proving it for hours", item 1; docs/adr/1410,
 * docs/reliability.md): two reference agents with RTT 1.1 resume, the dialer reconnecting with the
 * production Reconnector (the draft's backoff, docs/adr/1418), on a seeded in-memory network that
 * resets, half-opens, stalls and partitions their connections and kills either agent, while both
 * applications send and take messages on the three standard channels. One thread runs everything
 * from one event queue on a simulated clock; after every step the invariants are checked (delivery
 * in order, exactly once, bounded state, no protocol error, single-use session ids, no stuck
 * reconnect). At the end every message is accounted for. A seed replays exactly: same steps, same
 * trace digest.
 */
final class Simulation {
  /** A step that still moves something after this many rounds loops (a bug of the simulator). */
  private static final int SETTLE_ROUNDS = 10_000;

  /** The CPU time of the simulation's one thread: what a run costs whatever the machine's load. */
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final SimulationConfig config;
  private final SplittableRandom seeds;
  private final Scheduler scheduler = new Scheduler();
  private final Trace trace = new Trace(scheduler);
  private final Violations violations;
  private final SimulatedExecutor executor;
  private final SimulatedNetwork network;
  private final RttRuntime runtime;
  private final DeliveryLedger ledger;
  private final SimulatedAgent dialer;
  private final SimulatedAgent listener;
  private final Application dialerApp;
  private final Application listenerApp;
  private final Redialer redialer;
  private final Bounds bounds;
  private final FaultInjector faults;
  private final Map<String, Long> sessionEnds = new TreeMap<>();
  private boolean sending = true;
  private long steps;
  private long timeouts;

  Simulation(SimulationConfig config) {
    this.config = config;
    this.seeds = new SplittableRandom(config.seed());
    this.violations = new Violations(config.seed(), scheduler, trace);
    this.executor =
        new SimulatedExecutor(
            e -> violations.report(SimulationFailure.Kind.INTERNAL, "a task threw " + e));
    this.network = new SimulatedNetwork(scheduler, trace, seeds.split(), config.bytesPerSecond());
    this.runtime =
        RttRuntime.driven(network, executor, scheduler::nanoTime)
            .withRetransmission(config.retransmission());
    this.ledger = new DeliveryLedger(violations, trace);
    InetSocketAddress address = new InetSocketAddress(SimulatedNetwork.LOOPBACK, 4004);
    this.listener =
        new SimulatedAgent(
            this, "listener", SimulatedAgent.Role.LISTENER, identity("listener"), address);
    this.dialer =
        new SimulatedAgent(this, "dialer", SimulatedAgent.Role.DIALER, identity("dialer"), address);
    this.dialerApp = new Application(this, dialer, seeds.split());
    this.listenerApp = new Application(this, listener, seeds.split());
    this.redialer = new Redialer(this, dialer, listener, seeds.nextLong());
    this.bounds = new Bounds(this);
    this.faults = new FaultInjector(this, seeds.split());
  }

  private RttHandshake.LocalIdentity identity(String name) {
    byte[] seed = new byte[32];
    new SeededRandom(seeds.nextLong()).nextBytes(seed);
    return new RttHandshake.LocalIdentity(
        name,
        AgentKeyPair.fromSeed(seed),
        Curve25519KeyPair.generate(new SeededRandom(seeds.nextLong())),
        RttLimits.DEFAULT);
  }

  // ------------------------------------------------------------------ for the parts

  SimulationConfig config() {
    return config;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  Trace trace() {
    return trace;
  }

  Violations violations() {
    return violations;
  }

  SimulatedNetwork network() {
    return network;
  }

  DeliveryLedger ledger() {
    return ledger;
  }

  RttRuntime runtime() {
    return runtime;
  }

  SimulatedAgent dialer() {
    return dialer;
  }

  SimulatedAgent listener() {
    return listener;
  }

  long nextSeed() {
    return seeds.nextLong();
  }

  /** An endpoint's event: traced, and checked (no closing ERROR between them but TIMEOUT). */
  void onEvent(SimulatedAgent agent, SimulatedAgent.Incarnation inc, RttEvent e) {
    if (!inc.alive) {
      return; // a killed agent's last words
    }
    trace.event(agent.name(), e);
    if (agent == dialer) {
      redialer.event(e); // its reconnector's attempts and the answers they got
    }
    Map<String, Object> a = e.attributes();
    switch (e.kind()) {
      case "rtt.session.expired" -> {
        String reason = String.valueOf(a.get("reason"));
        sessionEnds.merge(agent.name() + " " + reason, 1L, Long::sum);
        ledger.sessionEnded(inc, ((Number) a.getOrDefault("undelivered", 0)).longValue(), reason);
      }
      case "rtt.error.sent", "rtt.error.received" -> {
        if ("TIMEOUT".equals(a.get("code")) && Boolean.TRUE.equals(a.get("closing"))) {
          timeouts++; // a heartbeat found the peer gone (partition, half-open): an abrupt end
        } else {
          violations.report(
              SimulationFailure.Kind.PROTOCOL,
              agent.name() + " " + e.kind() + " " + Trace.sorted(a) + " on " + e.connection());
        }
      }
      case "rtt.connection.refused" ->
          violations.report(
              SimulationFailure.Kind.PROTOCOL,
              agent.name() + " refused a connection: " + Trace.sorted(a));
      default -> {}
    }
  }

  /** Kills an agent; it starts again after {@code downMicros}. */
  void kill(SimulatedAgent agent, long downMicros) {
    agent.kill();
    if (agent == dialer) {
      redialer.reset();
    }
    scheduler.after(
        downMicros,
        "restart",
        () -> {
          agent.start();
          if (agent == dialer) {
            redialer.reset();
          }
        });
  }

  // ------------------------------------------------------------------ the run

  SimulationReport run() {
    long wallStart = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime(); // -1 where not supported
    trace.line("seed " + config.seed() + ", " + config.duration() + " simulated");
    listener.start();
    dialer.start();
    every(config.tick().toNanos() / 1_000, "tick", this::tick);
    poisson(config.sendMeanSeconds(), "send dialer", () -> send(dialerApp));
    poisson(config.sendMeanSeconds(), "send listener", () -> send(listenerApp));
    poisson(config.takeMeanSeconds(), "take dialer", dialerApp::take);
    poisson(config.takeMeanSeconds(), "take listener", listenerApp::take);
    faults.start();
    long end = config.duration().toNanos() / 1_000;
    runUntil(end);
    // The end: no more faults or sends; the dialer reconnects, the applications take what is
    // left, suspended sessions of killed peers expire. Then every message must be accounted for.
    trace.line("faults and sends stop; draining");
    faults.stop();
    sending = false;
    runUntil(end + config.drain().toNanos() / 1_000);
    dialer.takeAll();
    listener.takeAll();
    settle();
    if (network.established().isEmpty()) {
      violations.report(
          SimulationFailure.Kind.STUCK, "no connection " + config.drain() + " after the faults");
    }
    DeliveryLedger.Accounting accounting = ledger.account();
    violations.throwIfAny();
    return report(
        accounting,
        Duration.ofNanos(System.nanoTime() - wallStart),
        Duration.ofNanos(Math.max(0, THREADS.getCurrentThreadCpuTime() - cpuStart)));
  }

  private void runUntil(long until) {
    while (scheduler.hasEventBefore(until)) {
      scheduler.runNext();
      steps++;
      settle();
      redialer.check();
      bounds.check(List.of(dialer, listener));
      ledger.checkEndedStreams();
      violations.throwIfAny();
    }
  }

  /** Runs every task the step caused and moves every byte written, until nothing moves. */
  private void settle() {
    boolean moved = true;
    for (int rounds = 0; moved; rounds++) {
      if (rounds == SETTLE_ROUNDS) {
        violations.report(
            SimulationFailure.Kind.INTERNAL,
            "the step '" + scheduler.running() + "' does not settle: " + network.live());
        return;
      }
      moved = executor.runAll();
      moved |= network.pump();
    }
    network.sweep();
    String unhandled = network.unhandledException();
    if (unhandled != null) {
      violations.report(SimulationFailure.Kind.INTERNAL, unhandled);
    }
  }

  private void tick() {
    for (SimulatedAgent a : List.of(dialer, listener)) {
      SimulatedAgent.Incarnation inc = a.incarnation();
      if (inc != null) {
        inc.endpoint.runTimersNow();
      }
    }
  }

  private void send(Application app) {
    if (sending) {
      app.send();
    }
  }

  private void every(long periodMicros, String what, Runnable action) {
    scheduler.after(
        periodMicros,
        what,
        () -> {
          action.run();
          every(periodMicros, what, action);
        });
  }

  private void poisson(double meanSeconds, String what, Runnable action) {
    SplittableRandom r = seeds.split();
    Runnable[] next = new Runnable[1];
    next[0] =
        () -> {
          action.run();
          scheduler.after(
              (long) (-Math.log(1 - r.nextDouble()) * meanSeconds * 1e6), what, next[0]);
        };
    scheduler.after((long) (-Math.log(1 - r.nextDouble()) * meanSeconds * 1e6), what, next[0]);
  }

  private SimulationReport report(
      DeliveryLedger.Accounting accounting, Duration wall, Duration cpu) {
    return new SimulationReport(
        config.seed(),
        Duration.ofNanos(scheduler.nanoTime()),
        wall,
        cpu,
        steps,
        Map.copyOf(faults.applied),
        network.disconnects,
        network.linksMade,
        redialer.resumeAttempts,
        redialer.resumed,
        Map.copyOf(redialer.fresh),
        redialer.freshDials,
        Map.copyOf(redialer.failures),
        Map.copyOf(sessionEnds),
        timeouts,
        dialerApp.sent + listenerApp.sent,
        dialerApp.bytesSent + listenerApp.bytesSent,
        dialerApp.refused + listenerApp.refused,
        dialerApp.taken + listenerApp.taken,
        network.bytesDelivered,
        accounting,
        bounds.maxRetainedBytes,
        bounds.maxRetainedMessages,
        bounds.maxSendQueueMessages,
        network.maxPipeBytes,
        bounds.maxSessions,
        bounds.maxConnections,
        trace.digest());
  }
}
