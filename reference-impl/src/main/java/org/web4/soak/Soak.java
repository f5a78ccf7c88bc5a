package org.web4.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code web4 soak} (issue 18, "proving it for hours" 2; docs/adr/1412): a listener child process
 * with RTT session resume, N reference dialers in this JVM with the automatic reconnect, a
 * fault-injecting proxy between them on 127.0.0.1, CIP INTENT → INTENT_RESPONSE round trips, and a
 * row of figures every interval. Bounded: it stops by itself after the duration (its last part a
 * drain without faults), and kills its child on the way out, also from a shutdown hook.
 */
public final class Soak {
  /** What to run. */
  public record Options(
      Duration duration,
      int peers,
      Set<FaultProxy.Fault> faults,
      List<String> listenerCommand,
      Path listenerWorkdir,
      Path listenerEvents,
      double rate,
      long seed,
      @Nullable Path report,
      Duration killEvery,
      double delayChance,
      Duration maxDelay,
      Duration drain,
      Duration rowEvery) {}

  /** The run's totals; {@link #exitCode} is 1 when anything was lost or duplicated. */
  public record Result(
      long sent,
      long delivered,
      long lost,
      long duplicated,
      long refused,
      long refusedHere,
      long unanswered,
      long kills,
      long reconnects,
      long resumed,
      long fresh,
      long p50Micros,
      long p99Micros,
      long maxMicros) {
    public int exitCode() {
      return lost > 0 || duplicated > 0 ? 1 : 0;
    }
  }

  private final Options options;

  public Soak(Options options) {
    this.options = options;
  }

  public Result run(PrintStream out) throws IOException, InterruptedException {
    Path errors =
        options.report() != null
            ? options.report().resolveSibling(options.report().getFileName() + ".listener.log")
            : Files.createTempFile("web4-soak-listener", ".log");
    ListenerChild child =
        ListenerChild.start(options.listenerCommand(), options.listenerWorkdir(), errors);
    Thread hook = new Thread(child::close, "web4-soak-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return run(out, child);
    } finally {
      child.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down: the hook runs anyway
      }
    }
  }

  private Result run(PrintStream out, ListenerChild child)
      throws IOException, InterruptedException {
    SplittableRandom seeds = new SplittableRandom(options.seed());
    IntentLedger ledger = new IntentLedger();
    SecureRandom random = new SecureRandom();
    List<SoakPeer> peers = new ArrayList<>();
    SoakReport report = new SoakReport(out, options.report());
    report.note(""); // the table's rows follow the header; the notes below it are the summary
    try (FaultProxy proxy =
        new FaultProxy(
            child.rttAddress(),
            new FaultProxy.Settings(
                options.faults(), options.killEvery(), options.delayChance(), options.maxDelay()),
            seeds.nextLong())) {
      try {
        for (int i = 0; i < options.peers(); i++) {
          SoakPeer p =
              new SoakPeer(
                  i,
                  proxy.address(),
                  child.fingerprint(),
                  seeds.nextLong(),
                  options.rate(),
                  ledger,
                  random);
          peers.add(p);
          p.start();
        }
        long start = System.nanoTime();
        long end = start + options.duration().toNanos();
        long drainFrom = end - options.drain().toNanos();
        long nextRow = start + options.rowEvery().toNanos();
        boolean draining = false;
        while (true) {
          long now = System.nanoTime();
          if (!draining && now >= drainFrom) {
            draining = true;
            proxy.stopFaults();
            peers.forEach(SoakPeer::stopSending);
          }
          if (now >= nextRow || now >= end || (draining && ledger.outstanding() == 0)) {
            report.row(row(start, now, ledger, peers, proxy, child));
            nextRow = now + options.rowEvery().toNanos();
          }
          if (now >= end || (draining && ledger.outstanding() == 0)) {
            break;
          }
          TimeUnit.MILLISECONDS.sleep(Math.min(200, Math.max(1, (nextRow - now) / 1_000_000)));
        }
        return summary(options.listenerEvents(), ledger, peers, proxy, report);
      } finally {
        for (SoakPeer p : peers) {
          p.close();
        }
      }
    }
  }

  private static SoakReport.Row row(
      long start,
      long now,
      IntentLedger ledger,
      List<SoakPeer> peers,
      FaultProxy proxy,
      ListenerChild child) {
    long scheduled = 0;
    long resumed = 0;
    long fresh = 0;
    for (SoakPeer p : peers) {
      var f = p.figures();
      scheduled += f.scheduled();
      resumed += f.resumed();
      fresh += f.refusedFresh() + f.dialled();
    }
    return new SoakReport.Row(
        TimeUnit.NANOSECONDS.toSeconds(now - start),
        ledger.totals(now),
        scheduled,
        resumed,
        fresh,
        proxy.killed(),
        child.figures(),
        ProcessFigures.self(),
        HeapAfterGc.mib());
  }

  private static Result summary(
      Path listenerEvents,
      IntentLedger ledger,
      List<SoakPeer> peers,
      FaultProxy proxy,
      SoakReport report) {
    IntentLedger.Totals t = ledger.totals(System.nanoTime());
    long scheduled = 0;
    long resumed = 0;
    long fresh = 0;
    for (SoakPeer p : peers) {
      var f = p.figures();
      scheduled += f.scheduled();
      resumed += f.resumed();
      fresh += f.refusedFresh() + f.dialled();
    }
    long unanswered = t.outstanding();
    long refusalsCut = ListenerEvents.refusalsSent(listenerEvents, ledger.unansweredIds());
    long droppedHere = ledger.answersDroppedHere();
    long lost = Math.max(0, unanswered - t.refusedHere() - refusalsCut - droppedHere);
    Result r =
        new Result(
            t.sent(),
            t.delivered(),
            lost,
            t.duplicated(),
            t.refused(),
            t.refusedHere(),
            unanswered,
            proxy.killed(),
            scheduled,
            resumed,
            fresh,
            ledger.totalMicros(50),
            ledger.totalMicros(99),
            ledger.totalMaxMicros());
    report.note("");
    report.note("Summary (" + Instant.now() + "):");
    report.note("");
    report.note(
        "- INTENTs sent "
            + r.sent()
            + ", answered "
            + r.delivered()
            + ", refused by the listener "
            + r.refused()
            + ", unanswered "
            + r.unanswered()
            + " (answers refused by the soak's own CIP after a resume: "
            + r.refusedHere()
            + "; refusals the listener sent that a cut took with it: "
            + refusalsCut
            + "; answers the soak's agent accepted and its CIP dropped, its connection gone: "
            + droppedHere
            + ")");
    report.note("- lost " + r.lost() + ", duplicated " + r.duplicated());
    report.note(
        "- connections killed "
            + r.kills()
            + ", connects refused "
            + proxy.refused()
            + ", chunks delayed "
            + proxy.delayed()
            + "; reconnects scheduled "
            + r.reconnects()
            + ", resumed "
            + r.resumed()
            + ", fresh sessions "
            + r.fresh());
    report.note(
        "- round trip p50 "
            + SoakReport.ms(r.p50Micros())
            + " ms, p99 "
            + SoakReport.ms(r.p99Micros())
            + " ms, max "
            + SoakReport.ms(r.maxMicros())
            + " ms");
    ledger
        .refusals()
        .forEach((why, n) -> report.note("- refused by the listener: " + n + " × " + why));
    for (SoakPeer p : peers) {
      synchronized (p.reconnectFailures) {
        p.reconnectFailures.forEach(
            (why, n) -> report.note("- reconnect attempts failed: " + n + " × " + why));
      }
    }
    ledger.unansweredSample(20).forEach(u -> report.note("- unanswered: " + u));
    report.note("- exit code " + r.exitCode());
    return r;
  }
}
