package org.web4.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Smoke runs of both benchmark commands (seconds): they must keep running and print their tables.
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
  void loadRunsEveryDriverAndPrintsTheRatios() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, Double> figures =
        LoadDriver.run(true, new PrintStream(out, true, StandardCharsets.UTF_8));
    assertThat(figures)
        .containsKeys(
            "rttBulkBytesPerSecond",
            "tlsBulkBytesPerSecond",
            "tcpBulkBytesPerSecond",
            "rttEnvelopesPerSecond",
            "rttHandshakesPerSecond",
            "rttRequestResponseP99Micros",
            "rttRequestResponseP99Micros16",
            "tcpRequestResponseP99Micros16",
            "rttBytesPerIdleConnection");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("JSSE TLS 1.3");
  }
}
