package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.envelope.SchemaCatalog;

/**
 * Ctrl-C during a run, with a real child process: {@code web4-conformance run} against the embedded
 * reference is stopped (SIGTERM from {@link ProcessHandle#destroy()}, which runs the JVM's shutdown
 * hooks as SIGINT does) once its first suite has finished; it says so on stderr and leaves a
 * partial report.json, valid against its schema, that holds that suite's cases and says {@code
 * interrupted}. Every wait is bounded.
 */
class InterruptedRunTest {
  private static final long WAIT_SECONDS = 180;
  private static final String EOF = "\u0000end of stderr";

  @Test
  void anInterruptedRunWritesAPartialReportAndSaysSo(@TempDir Path dir) throws Exception {
    Path reports = dir.resolve("reports");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ConformanceCommand.class.getName(),
                "run",
                "--report-dir",
                reports.toString(),
                "--seed",
                "7",
                "--examples",
                "2")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    BlockingQueue<String> stderr = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readLines(child, stderr), "child-stderr");
    reader.start();
    List<String> seen = new ArrayList<>();
    try {
      String firstSuite = null;
      while (firstSuite == null) {
        String line = stderr.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(line)
            .as("a finished suite within %d s; stderr: %s", WAIT_SECONDS, seen)
            .isNotNull();
        assertThat(line).as("stderr ended early: %s", seen).isNotEqualTo(EOF);
        seen.add(line);
        if (line.matches("\\S+\\s+\\d+ cases: .*")) {
          firstSuite = line;
        }
      }
      // SIGTERM through the handle: Process.destroy() would also close our end of its stderr
      assertThat(child.toHandle().destroy()).as("SIGTERM sent").isTrue();
      assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("the child exits within %d s", WAIT_SECONDS)
          .isTrue();
      reader.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
      stderr.drainTo(seen);
    } finally {
      child.destroyForcibly();
    }

    assertThat(seen)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("web4-conformance: interrupted after ")
                    .contains(": partial report in " + reports.toAbsolutePath()));
    JsonNode report = new ObjectMapper().readTree(reports.resolve("report.json").toFile());
    assertThat(SchemaCatalog.get().schema("report/report.schema.json").validate(report)).isEmpty();
    assertThat(report.path("summary").path("interrupted").asText())
        .startsWith("interrupted after ");
    assertThat(report.path("summary").path("succeeded").asBoolean()).isFalse();
    assertThat(report.path("cases").size()).isPositive();
  }

  private static void readLines(Process child, BlockingQueue<String> lines) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      lines.add(EOF);
    }
  }
}
