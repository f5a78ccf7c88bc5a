package org.web4.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark commands (docs/performance.md):
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar micro [--smoke] [--out FILE]
 *   java -jar benchmarks/target/benchmarks.jar load  [--smoke] [--only connections] [--out FILE]
 *   java -jar benchmarks/target/benchmarks.jar interleaved [--smoke] [--out FILE]
 *   java -jar benchmarks/target/benchmarks.jar intent [--smoke] [--out FILE]
 * </pre>
 *
 * Each prints a table whose figures stand next to a baseline measured in the same run, with the
 * ratio, and writes the figures as JSON. {@code --smoke} runs for seconds (the test suite does, so
 * the commands cannot rot); the figures of a smoke run mean nothing.
 */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    String what = args.length == 0 ? "micro" : args[0];
    boolean smoke = false;
    boolean onlyConnections = false;
    Path out = null;
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--smoke")) {
        smoke = true;
      } else if (args[i].equals("--out") && i + 1 < args.length) {
        out = Path.of(args[++i]);
      } else if (args[i].equals("--only") && i + 1 < args.length && what.equals("load")) {
        String part = args[++i];
        if (!part.equals("connections")) {
          usage("load has one part to run alone: --only connections, not --only " + part);
        }
        onlyConnections = true;
      } else {
        usage("unknown option " + args[i]);
      }
    }
    Map<String, Latency> latencies = new LinkedHashMap<>();
    Map<String, Double> figures;
    if (what.equals("micro")) {
      figures = micro(smoke, System.out);
    } else if (what.equals("load")) {
      figures = LoadDriver.run(smoke, onlyConnections, System.out, latencies);
    } else if (what.equals("interleaved")) {
      figures = InterleavedRatios.run(smoke, System.out);
    } else if (what.equals("intent")) {
      figures = IntentWakeups.run(smoke, System.out); // wake-ups per round trip (ADR 1430)
    } else {
      usage("micro, load, interleaved or intent, not " + what);
      return;
    }
    if (out != null) {
      write(out, what, smoke, figures, latencies);
    }
  }

  /** A usage error: one line, exit 2. */
  private static void usage(String message) {
    System.err.println("benchmarks: " + message);
    System.exit(2);
  }

  /** Runs the JMH benchmarks and prints the table; returns operations per second by benchmark. */
  public static Map<String, Double> micro(boolean smoke, PrintStream out) throws RunnerException {
    ChainedOptionsBuilder b =
        new OptionsBuilder().include(MicroBenchmarks.class.getName()).shouldDoGC(false);
    if (smoke) {
      b.forks(0)
          .verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT)
          .warmupIterations(0)
          .measurementIterations(1)
          .measurementTime(TimeValue.milliseconds(100));
    } else {
      b.forks(1)
          .warmupIterations(3)
          .warmupTime(TimeValue.seconds(2))
          .measurementIterations(5)
          .measurementTime(TimeValue.seconds(2));
    }
    Collection<RunResult> results = new Runner(b.build()).run();
    Map<String, Double> rate = new LinkedHashMap<>();
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark();
      name = name.substring(name.lastIndexOf('.') + 1);
      String size = r.getParams().getParam("size");
      rate.put(size == null ? name : name + "/" + size, r.getPrimaryResult().getScore());
    }
    Table t = new Table(out, rate);
    t.header("micro benchmarks (operations/s, one thread)");
    t.ratio(
        "envelope validation",
        "envelopeValidation",
        "bare BC verify",
        "baselineBouncyCastleVerify",
        0.70);
    t.ratio(
        "pinned Ed25519 verify",
        "web4Verify",
        "bare BC verify",
        "baselineBouncyCastleVerify",
        0.90);
    t.ratio(
        "  stage: strict parse", "stageParse", "bare BC verify", "baselineBouncyCastleVerify", 0);
    t.ratio(
        "  stage: both schemas", "stageSchemas", "bare BC verify", "baselineBouncyCastleVerify", 0);
    t.ratio(
        "  stage: canonical form",
        "stageCanonicalizeSigned",
        "bare BC verify",
        "baselineBouncyCastleVerify",
        0);
    t.ratio(
        "  stage: key from text",
        "stageKeyFromText",
        "bare BC verify",
        "baselineBouncyCastleVerify",
        0);
    t.ratio("Ed25519 sign", "web4Sign", "bare BC sign", "baselineBouncyCastleSign", 0);
    t.ratio(
        "RTT transport 1 KiB",
        "rttTransportRoundTrip/1024",
        "bare AES-GCM 1 KiB",
        "baselineBareAesGcmRoundTrip/1024",
        0);
    t.ratio(
        "RTT transport 64 KiB",
        "rttTransportRoundTrip/65519",
        "bare AES-GCM 64 KiB",
        "baselineBareAesGcmRoundTrip/65519",
        0);
    double x = rate.getOrDefault("baselineX25519", 0.0);
    double sign = rate.getOrDefault("baselineBouncyCastleSign", 0.0);
    double verify = rate.getOrDefault("baselineBouncyCastleVerify", 0.0);
    if (x > 0 && sign > 0 && verify > 0) {
      double bound = 1 / (8 / x + 2 / sign + 2 / verify);
      rate.put("handshakeBound", bound);
      t.ratio("RTT handshake", "rttHandshake", "its DH+signature bound", "handshakeBound", 0.50);
    }
    t.plain("canonicalize envelope", "canonicalizeEnvelope");
    t.plain("canonicalize 64 KiB", "canonicalize64KiB");
    return rate;
  }

  /**
   * Writes the figures, and the histogram of each latency figure (re-plottable: {@link
   * Latency#toJson}), as JSON.
   */
  static void write(
      Path file,
      String what,
      boolean smoke,
      Map<String, Double> figures,
      Map<String, Latency> latencies)
      throws IOException {
    ObjectNode root = new ObjectMapper().createObjectNode();
    root.put("benchmark", what);
    root.put("smoke", smoke);
    root.put("java", System.getProperty("java.version"));
    root.put("cores", Runtime.getRuntime().availableProcessors());
    ObjectNode f = root.putObject("figures");
    figures.forEach(f::put);
    if (!latencies.isEmpty()) {
      ObjectNode h = root.putObject("latencyHistograms");
      latencies.forEach((name, latency) -> h.set(name, latency.toJson()));
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.write(
        file,
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root));
  }

  /** Prints figures with their baselines and ratios. */
  static final class Table {
    private final PrintStream out;
    private final Map<String, Double> figures;

    Table(PrintStream out, Map<String, Double> figures) {
      this.out = out;
      this.figures = figures;
    }

    void header(String title) {
      out.println();
      out.println(title);
      out.printf(
          "%-26s %14s   %-26s %14s %8s %8s%n",
          "figure", "value", "baseline", "value", "ratio", "target");
    }

    void ratio(String label, String key, String baseLabel, String baseKey, double target) {
      double v = figures.getOrDefault(key, Double.NaN);
      double b = figures.getOrDefault(baseKey, Double.NaN);
      out.printf(
          "%-26s %14.1f   %-26s %14.1f %7.0f%% %8s%n",
          label,
          v,
          baseLabel,
          b,
          100 * v / b,
          target > 0 ? String.format("≥%.0f%%", 100 * target) : "");
    }

    /** A ratio whose target is a ceiling: the figure at most {@code target} × its baseline. */
    void ratioAtMost(String label, String key, String baseLabel, String baseKey, double target) {
      double v = figures.getOrDefault(key, Double.NaN);
      double b = figures.getOrDefault(baseKey, Double.NaN);
      out.printf(
          "%-26s %14.1f   %-26s %14.1f %7.0f%% %8s%n",
          label, v, baseLabel, b, 100 * v / b, String.format("≤%.0f%%", 100 * target));
    }

    void plain(String label, String key) {
      out.printf("%-26s %14.1f%n", label, figures.getOrDefault(key, Double.NaN));
    }
  }
}
