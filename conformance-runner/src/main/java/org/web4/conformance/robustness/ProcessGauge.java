package org.web4.conformance.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads what the implementation's process costs from Linux's {@code /proc}: resident memory ({@code
 * VmRSS}), CPU time (user + system), threads and open file descriptors. Only for a process the
 * runner launched itself; on a system without {@code /proc} every sample is empty.
 */
final class ProcessGauge {
  /**
   * Clock ticks per second of {@code /proc/<pid>/stat}'s CPU times: {@code sysconf(_SC_CLK_TCK)},
   * 100 on every Linux the kit runs on (the JDK cannot ask for it without native code).
   */
  static final int CLOCK_TICKS_PER_SECOND = 100;

  private final long pid;

  ProcessGauge(ProcessHandle process) {
    this.pid = process.pid();
  }

  long pid() {
    return pid;
  }

  /**
   * What the process costs now.
   *
   * @param rssKib resident memory, KiB
   * @param cpuMillis user + system CPU time since it started, ms
   * @param threads its threads
   * @param fds its open file descriptors (-1 when they cannot be listed)
   */
  record Sample(long rssKib, long cpuMillis, int threads, int fds) {
    String describe() {
      return String.format(
          java.util.Locale.ROOT,
          "RSS %.1f MiB, CPU %.2f s, %d threads, %s fds",
          rssKib / 1024.0,
          cpuMillis / 1000.0,
          threads,
          fds < 0 ? "?" : Integer.toString(fds));
    }
  }

  /** A sample, or empty when the process is gone or {@code /proc} cannot be read. */
  Optional<Sample> sample() {
    Path dir = Path.of("/proc", Long.toString(pid));
    try {
      long rss = -1;
      int threads = -1;
      for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.substring(6).replace("kB", "").trim());
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.substring(8).trim());
        }
      }
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      // "pid (comm) state ..." — comm may hold spaces and parentheses: fields after the last ')'
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ", -1);
      // fields 14 and 15 of proc(5) (utime, stime) are the 12th and 13th after the state's
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      int fds;
      try (Stream<Path> open = Files.list(dir.resolve("fd"))) {
        fds = (int) open.count();
      } catch (IOException | SecurityException e) {
        fds = -1;
      }
      if (rss < 0 || threads < 0) {
        return Optional.empty();
      }
      return Optional.of(new Sample(rss, ticks * 1000 / CLOCK_TICKS_PER_SECOND, threads, fds));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
