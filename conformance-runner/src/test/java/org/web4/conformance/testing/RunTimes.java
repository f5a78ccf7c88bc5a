package org.web4.conformance.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * When each background run of this test JVM started and ended, in seconds since the JVM started,
 * one line per run in {@code conformance-runner/target/background-runs.tsv}: what the build's time
 * goes to, for the next person who tunes it (docs/adr/1423). Evidence only: nothing reads it.
 */
final class RunTimes {
  private RunTimes() {}

  /** Seconds since the JVM started. */
  static double now() {
    return ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
  }

  /** Appends the run's line; a failure to write is ignored (it is not a check). */
  static synchronized void record(String name, double started, double ended, String outcome) {
    String line =
        String.format(
            Locale.ROOT,
            "%s\t%.1f\t%.1f\t%.1f\t%s%n",
            name,
            started,
            ended,
            ended - started,
            outcome);
    try {
      Path file = KitFiles.root().resolve("conformance-runner/target/background-runs.tsv");
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      // evidence only
    }
  }
}
