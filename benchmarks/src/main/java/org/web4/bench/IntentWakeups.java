package org.web4.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * INTENT → INTENT_RESPONSE on one connection, counted rather than timed (issue 19, ADR 1430): a JFR
 * recording of every thread park and every contended monitor enter and wait, at a 0 ms threshold,
 * while {@code rounds} round trips run; the counts per round trip by thread pool, the process CPU
 * per round trip, the p50, and its crypto (2 signs + 2 verifies) measured right after. A count of
 * wake-ups moves little with the machine's load, a p50 moves a lot: compare two builds by their
 * counts, and by p50 ratios only from runs taken in turn.
 */
final class IntentWakeups {
  private IntentWakeups() {}

  static final String[] EVENTS = {"jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait"};

  static Map<String, Double> run(boolean smoke, PrintStream out) throws Exception {
    int rounds = smoke ? 64 : 4096;
    RequestResponse.rtt(Math.max(64, rounds / 8), 1); // warm-up, as load does (ADR 1426)
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    Path jfr = Files.createTempFile("intent-wakeups", ".jfr");
    Latency latency;
    long cpuNanos;
    try (Recording recording = new Recording()) {
      for (String e : EVENTS) {
        recording.enable(e).withThreshold(Duration.ZERO);
      }
      recording.start();
      long cpu0 = os.getProcessCpuTime();
      latency = RequestResponse.rtt(rounds, 1);
      cpuNanos = os.getProcessCpuTime() - cpu0;
      recording.stop();
      recording.dump(jfr);
    }
    double crypto = CryptoFloor.measure(smoke ? 200 : 2000).intentMicros();
    Map<String, Integer> byThread = count(jfr);
    Files.deleteIfExists(jfr);
    double n = latency.count();
    Map<String, Double> f = new LinkedHashMap<>();
    f.put("intentP50Micros", latency.micros(50));
    f.put("intentP99Micros", latency.micros(99));
    f.put("intentCryptoMicros", crypto);
    f.put("processCpuMicrosPerRoundTrip", cpuNanos / 1e3 / n);
    f.put("wakeupsPerRoundTrip", byThread.values().stream().mapToInt(i -> i).sum() / n);
    out.printf(
        "INTENT on one connection, %d round trips: p50 %.0f µs (p99 %.0f), its crypto %.0f µs"
            + " (%.2f×; target ≤ 1.30× on a quiet machine), process CPU %.0f µs per round trip%n",
        latency.count(),
        latency.micros(50),
        latency.micros(99),
        crypto,
        latency.micros(50) / crypto,
        cpuNanos / 1e3 / n);
    out.printf(
        "parks and contended monitors per round trip (JFR, 0 ms): %.2f%n",
        f.get("wakeupsPerRoundTrip"));
    byThread.forEach(
        (k, v) -> {
          out.printf("  %-50s %7d  %5.2f%n", k, v, v / n);
          f.put("wakeups " + k, v / n);
        });
    return f;
  }

  /** Events by kind and thread pool (digits of a thread's name folded into {@code #}). */
  private static Map<String, Integer> count(Path jfr) throws IOException {
    Map<String, Integer> by = new TreeMap<>();
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      RecordedThread t = e.getThread();
      String name = t == null || t.getJavaName() == null ? "?" : t.getJavaName();
      String kind = e.getEventType().getName().replace("jdk.", "");
      by.merge(kind + " " + name.replaceAll("[0-9]+", "#"), 1, Integer::sum);
    }
    return by;
  }
}
