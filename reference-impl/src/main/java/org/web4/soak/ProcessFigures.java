package org.web4.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A process's resident memory, threads and open file descriptors, read from {@code /proc/<pid>/}
 * (Linux): {@code status}'s {@code VmRSS} and {@code Threads}, and the entries of {@code fd}. On a
 * system without {@code /proc}, or once the process is gone, every figure is -1.
 */
public record ProcessFigures(long rssKib, int threads, int fds) {
  public static final ProcessFigures UNKNOWN = new ProcessFigures(-1, -1, -1);

  public static ProcessFigures of(long pid) {
    Path dir = Path.of("/proc", Long.toString(pid));
    long rss = -1;
    int threads = -1;
    try {
      List<String> status = Files.readAllLines(dir.resolve("status"));
      for (String line : status) {
        if (line.startsWith("VmRSS:")) {
          rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
        } else if (line.startsWith("Threads:")) {
          threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return UNKNOWN;
    }
    int fds;
    try (Stream<Path> entries = Files.list(dir.resolve("fd"))) {
      fds = (int) entries.count();
    } catch (IOException e) {
      fds = -1;
    }
    return new ProcessFigures(rss, threads, fds);
  }

  /** This JVM's figures. */
  public static ProcessFigures self() {
    return of(ProcessHandle.current().pid());
  }
}
