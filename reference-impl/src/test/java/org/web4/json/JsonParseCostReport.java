package org.web4.json;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;

/**
 * Reports (never asserts) the CPU cost of canonicalizing inputs of size n and 4n for each shape of
 * issue 20's attack, and their ratio: about 4 when the cost is linear, 16 when quadratic. A
 * benchmark, not a test (issue 20, BRIEF: no timed assertion). Run after {@code test-compile}:
 *
 * <pre>
 * java -cp reference-impl/target/test-classes:reference-impl/target/classes:$(cat cp.txt) \
 *     org.web4.json.JsonParseCostReport
 * </pre>
 *
 * where {@code cp.txt} is written by {@code ./mvnw -q -o -pl reference-impl
 * dependency:build-classpath -Dmdep.outputFile=cp.txt}.
 */
public final class JsonParseCostReport {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int ROUNDS = 7;

  private JsonParseCostReport() {}

  public static void main(String[] args) {
    System.out.println("shape | n | result | CPU ms (n) | CPU ms (4n) | ratio");
    report("integer token, digits (refused: too long)", 250_000, n -> "9".repeat(n));
    report("fraction token, digits (refused: too long)", 250_000, n -> "0." + "1".repeat(n));
    report("integer token, digits (accepted length)", 1_000, n -> "[" + "7".repeat(n) + "]");
    report("array of zeros, values", 16_000, StrictJsonParserCostLimitsTest::zeros);
    report(
        "object, names sharing one String.hashCode",
        12,
        bits -> StrictJsonParserCostLimitsTest.collidingMembers(bits, ""),
        14);
    report("object, distinct names", 4_096, JsonParseCostReport::distinctMembers);
  }

  private static void report(String shape, int n, IntFunction<String> input) {
    report(shape, n, input, 4 * n);
  }

  /** {@code large} is the parameter that makes the input four times {@code n}'s. */
  private static void report(String shape, int n, IntFunction<String> input, int large) {
    byte[] small = input.apply(n).getBytes(StandardCharsets.UTF_8);
    byte[] big = input.apply(large).getBytes(StandardCharsets.UTF_8);
    String result = outcome(big);
    for (int warm = 0; warm < ROUNDS; warm++) {
      cpuNanos(small);
      cpuNanos(big);
    }
    long a = Long.MAX_VALUE;
    long b = Long.MAX_VALUE;
    for (int round = 0; round < ROUNDS; round++) {
      a = Math.min(a, cpuNanos(small));
      b = Math.min(b, cpuNanos(big));
    }
    System.out.printf(
        "%s | %d → %d bytes | %s | %.2f | %.2f | %.1f%n",
        shape, small.length, big.length, result, a / 1e6, b / 1e6, (double) b / Math.max(a, 1));
  }

  private static String outcome(byte[] input) {
    try {
      JsonCanonicalizer.canonicalize(input);
      return "valid";
    } catch (JsonViolation e) {
      return e.kind().name();
    }
  }

  private static long cpuNanos(byte[] input) {
    long start = THREADS.getCurrentThreadCpuTime();
    outcome(input);
    return THREADS.getCurrentThreadCpuTime() - start;
  }

  private static String distinctMembers(int count) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < count; i++) {
      b.append(i == 0 ? "\"" : ",\"").append(String.format("k%027d", i)).append("\":0");
    }
    return b.append('}').toString();
  }
}
