package org.web4.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke runs of the benchmark commands (seconds): they must keep running and print their tables.
 * The figures of a smoke run are not measurements; nothing here asserts a speed.
 */
class BenchmarksSmokeTest {
  @Test
  void microRunsEveryBenchmarkAndPrintsTheRatios() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Double> figures =
        Benchmarks.micro(true, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(figures)
        .containsKeys(
            "envelopeValidation",
            "baselineBouncyCastleVerify",
            "rttTransportRoundTrip/1024",
            "baselineBareAesGcmRoundTrip/65519",
            "rttHandshake",
            "handshakeBound",
            "stageParse",
            "stageSchemas",
            "stageCanonicalizeSigned",
            "stageKeyFromText");
    assertThat(figures.values()).allSatisfy(v -> assertThat(v).isPositive());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("envelope validation").contains("%");
  }

  @Test
  void interleavedRunsEachOperationAndPrintsTheRatios() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Double> figures =
        InterleavedRatios.run(true, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(figures)
        .containsOnlyKeys("bareBouncyCastleVerify", "pinnedVerify", "envelopeValidation");
    assertThat(figures.values()).allSatisfy(v -> assertThat(v).isPositive());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("pinnedVerify").contains("%");
  }

  @Test
  void intentCountsWakeupsPerRoundTripNextToTheP50AndItsCrypto() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Double> figures =
        IntentWakeups.run(true, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(figures)
        .containsKeys(
            "intentP50Micros",
            "intentCryptoMicros",
            "processCpuMicrosPerRoundTrip",
            "wakeupsPerRoundTrip");
    assertThat(figures.get("intentP50Micros")).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("per round trip");
  }

  /**
   * The load driver's smoke run, the many-connections part with 20 connections to a listener in a
   * child process: every figure is there, every latency histogram counted every round trip, and the
   * JSON output carries each histogram in a form that decodes back to the same counts.
   */
  @Test
  void loadRunsEveryDriverAndPrintsTheRatios(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Latency> latencies = new LinkedHashMap<>();
    Map<String, Double> figures =
        LoadDriver.run(true, false, new PrintStream(out, true, StandardCharsets.UTF_8), latencies);
    assertThat(figures)
        .containsKeys(
            "rttBulkBytesPerSecond",
            "tlsBulkBytesPerSecond",
            "tcpBulkBytesPerSecond",
            "rttEnvelopesPerSecond",
            "rttHandshakesPerSecond",
            "rttRequestResponseP99Micros",
            "intentCryptoMicros",
            "rttRequestResponseP999Micros16",
            "tcpRequestResponseP99Micros16",
            "rttBytesPerIdleConnection",
            "connectionsRttHandshakesPerSecond",
            "connectionsHandshakeBoundPerSecond",
            "connectionsTcpConnectsPerSecond",
            "connectionsListenerRssBytesPerConnection",
            "connectionsListenerThreads",
            "connectionsIntentP99Micros",
            "connectionsTcpEchoP99Micros");
    // 20 connections × 2 INTENTs, and 64 round trips over 1 and over 16 connections
    assertThat(count(latencies, "connectionsIntent")).isEqualTo(40);
    assertThat(count(latencies, "connectionsTcpEcho")).isEqualTo(40);
    assertThat(count(latencies, "rttRequestResponse16")).isEqualTo(64);
    assertThat(figures.get("connectionsListenerThreads")).isPositive();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("JSSE TLS 1.3")
        .contains("its crypto (2 sign+2 vfy)")
        .contains("RTT handshakes/s, 20 conns");

    Path json = dir.resolve("load.json");
    Benchmarks.write(json, "load", true, figures, latencies);
    JsonNode h =
        new ObjectMapper().readTree(json.toFile()).at("/latencyHistograms/connectionsIntent");
    assertThat(h.get("percentileDistributionMicros").asText()).contains("Percentile");
    Histogram decoded =
        Histogram.decodeFromCompressedByteBuffer(
            ByteBuffer.wrap(Base64.getDecoder().decode(h.get("compressedBase64").asText())), 0);
    assertThat(decoded.getTotalCount()).isEqualTo(40);
    assertThat(decoded.getNumberOfSignificantValueDigits()).isEqualTo(Latency.SIGNIFICANT_DIGITS);
  }

  private static long count(Map<String, Latency> latencies, String name) {
    Latency l = latencies.get(name);
    assertThat(l).as(name).isNotNull();
    return java.util.Objects.requireNonNull(l).count();
  }
}
