package org.web4.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The latencies of one load figure, recorded by every sending thread into one HdrHistogram (ADR
 * 1105): nanoseconds, 3 significant digits (any value is kept within 0.1 %), from 1 ns to 5
 * minutes. Every round-trip figure and its baseline use this same recorder, so the two are read the
 * same way.
 */
public final class Latency {
  /** Precision of every latency histogram: 3 significant decimal digits. */
  public static final int SIGNIFICANT_DIGITS = 3;

  /** Longer than any bounded wait of the driver (30 s per answer), so every value fits. */
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final Histogram histogram = new ConcurrentHistogram(1, HIGHEST_NANOS, SIGNIFICANT_DIGITS);
  private long startNanos;
  private long endNanos;

  /** Marks the start of the measured interval (for the rate). */
  public void start() {
    startNanos = System.nanoTime();
  }

  /** Marks the end of the measured interval (for the rate). */
  public void stop() {
    endNanos = System.nanoTime();
  }

  /** One round trip that started at {@code sentNanos} and ended at {@code doneNanos}. */
  public void record(long sentNanos, long doneNanos) {
    histogram.recordValue(Math.max(1, doneNanos - sentNanos));
  }

  public long count() {
    return histogram.getTotalCount();
  }

  /** The value at a percentile, in microseconds. */
  public double micros(double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1000.0;
  }

  public double maxMicros() {
    return histogram.getMaxValue() / 1000.0;
  }

  /** Round trips per second over the interval between {@link #start} and {@link #stop}. */
  public double perSecond() {
    return count() / ((endNanos - startNanos) / 1e9);
  }

  /**
   * Adds {@code <prefix>P50Micros}, {@code P90}, {@code P99}, {@code P999}, {@code MaxMicros} and
   * {@code <prefix>PerSecond<suffix>} to {@code figures} (the names the tables and the JSON use).
   */
  public void addFigures(Map<String, Double> figures, String prefix, String suffix) {
    figures.put(prefix + "P50Micros" + suffix, micros(50));
    figures.put(prefix + "P90Micros" + suffix, micros(90));
    figures.put(prefix + "P99Micros" + suffix, micros(99));
    figures.put(prefix + "P999Micros" + suffix, micros(99.9));
    figures.put(prefix + "MaxMicros" + suffix, maxMicros());
    figures.put(prefix + "PerSecond" + suffix, perSecond());
  }

  /**
   * The histogram for re-plotting: HdrHistogram's percentile distribution in microseconds (the
   * {@code .hgrm} text its plotter reads) and its compressed encoding in Base64 (which {@code
   * Histogram.decodeFromCompressedByteBuffer} restores exactly, in nanoseconds).
   */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("unit", "ns");
    o.put("significantDigits", SIGNIFICANT_DIGITS);
    o.put("count", count());
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try (PrintStream p = new PrintStream(text, true, StandardCharsets.UTF_8)) {
      histogram.outputPercentileDistribution(p, 5, 1000.0);
    }
    o.put("percentileDistributionMicros", text.toString(StandardCharsets.UTF_8));
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    o.put(
        "compressedBase64",
        Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length)));
    return o;
  }

  /** "p50 / p90 / p99 / p99.9 / max" in microseconds, for the printed table. */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "%.0f / %.0f / %.0f / %.0f / %.0f µs (%d round trips)",
        micros(50),
        micros(90),
        micros(99),
        micros(99.9),
        maxMicros(),
        count());
  }
}
