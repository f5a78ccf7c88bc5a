package org.web4.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.web4.crypto.AgentPublicKey;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.StrictJsonParser;

/**
 * The validation figures of issue 19 (pinned verify and whole validation, each next to bare
 * BouncyCastle verify) measured so that a machine whose load changes from second to second cannot
 * skew the ratios: the operations take turns in short slices (round robin, {@link #SLICE} each) for
 * the whole run, so each sees the same load. JMH runs its benchmarks one after another, which on a
 * shared 2-core machine moved the same ratio by ±50 % between runs. Only public API, so the same
 * class measures an older build of the reference too.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar interleaved [--smoke] [--out FILE]   # 60 s
 *   java -cp benchmarks/target/benchmarks.jar org.web4.bench.InterleavedRatios [seconds]
 * </pre>
 */
public final class InterleavedRatios {
  static final Duration SLICE = Duration.ofMillis(20);

  private InterleavedRatios() {}

  public static void main(String[] args) throws Exception {
    long seconds = args.length > 0 ? Long.parseLong(args[0]) : 60;
    print(measure(Duration.ofSeconds(seconds)), System.out);
  }

  /** The {@code interleaved} command: 60 s, or 2 s for a smoke run (whose figures mean nothing). */
  public static Map<String, Double> run(boolean smoke, PrintStream out) throws Exception {
    Map<String, Double> rates = measure(Duration.ofSeconds(smoke ? 2 : 60));
    print(rates, out);
    return rates;
  }

  /** Operations per second of each operation over {@code total}, interleaved. */
  public static Map<String, Double> measure(Duration total) throws Exception {
    byte[] envelope = Fixtures.envelopeBytes();
    var parsed = StrictJsonParser.withEnvelopeLimits().parse(envelope);
    byte[] signed = JsonCanonicalizer.canonicalizeWithout(parsed, "sign");
    byte[] signature = Base64.getDecoder().decode(parsed.get("sign").get("signature").asText());
    String pubkeyText = parsed.get("sender").get("pubkey").asText();
    AgentPublicKey key = AgentPublicKey.fromBase64(pubkeyText);
    byte[] publicKey = key.raw();

    Map<String, Callable<Object>> operations = new LinkedHashMap<>();
    operations.put(
        "bareBouncyCastleVerify",
        () -> Ed25519.verify(signature, 0, publicKey, 0, signed, 0, signed.length));
    operations.put("pinnedVerify", () -> key.verify(signed, signature));
    operations.put(
        "envelopeValidation",
        () ->
            new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache(4))
                .validate(envelope, Fixtures.NOW));

    List<Slices> slices = new ArrayList<>();
    operations.forEach((name, op) -> slices.add(new Slices(name, op)));
    long end = System.nanoTime() + total.toNanos();
    long warmupEnd = System.nanoTime() + total.toNanos() / 5;
    while (System.nanoTime() < end) {
      boolean warm = System.nanoTime() >= warmupEnd;
      for (Slices s : slices) {
        s.runOne(warm);
      }
    }
    Map<String, Double> rates = new LinkedHashMap<>();
    slices.forEach(s -> rates.put(s.name, s.perSecond()));
    return rates;
  }

  static void print(Map<String, Double> rates, PrintStream out) {
    double bare = rates.getOrDefault("bareBouncyCastleVerify", Double.NaN);
    out.println("interleaved, operations/s (ratio to bare BouncyCastle verify in the same slices)");
    rates.forEach(
        (name, rate) -> out.printf("%-24s %12.1f %6.0f%%%n", name, rate, 100 * rate / bare));
  }

  /** One operation and what its slices counted after the warm-up (the first fifth of the run). */
  private static final class Slices {
    final String name;
    final Callable<Object> operation;
    long operations;
    long nanos;

    Slices(String name, Callable<Object> operation) {
      this.name = name;
      this.operation = operation;
    }

    void runOne(boolean counted) throws Exception {
      long start = System.nanoTime();
      long sliceEnd = start + SLICE.toNanos();
      long count = 0;
      long now;
      do {
        if (operation.call() == null) {
          throw new IllegalStateException(name + " returned nothing");
        }
        count++;
        now = System.nanoTime();
      } while (now < sliceEnd);
      if (counted) {
        operations += count;
        nanos += now - start;
      }
    }

    double perSecond() {
      return operations / (nanos / 1e9);
    }
  }
}
