package org.web4.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux says about a process in {@code /proc/PID/status}: its resident set ({@code VmRSS}) and
 * its number of threads ({@code Threads}). The 1,000-connection figure reads it for the listener's
 * process and for its own.
 *
 * @param rssBytes resident memory in bytes
 * @param threads threads of the process (for a JVM: every platform thread, the JVM's own included)
 */
record ProcStatus(long rssBytes, int threads) {

  /** This process. */
  static ProcStatus self() throws IOException {
    return read(Path.of("/proc/self/status"));
  }

  static ProcStatus of(long pid) throws IOException {
    return read(Path.of("/proc", Long.toString(pid), "status"));
  }

  /**
   * The names of a process's threads ({@code /proc/PID/task/TID/comm}, at most 15 characters each),
   * sorted: which threads make up {@link #threads()}.
   */
  static List<String> threadNames(long pid) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          names.add(Files.readString(task.resolve("comm")).strip());
        } catch (IOException e) {
          // the thread ended between the listing and the read: it is no longer one of them
        }
      }
    }
    names.sort(null);
    return names;
  }

  static ProcStatus read(Path status) throws IOException {
    long rssKb = -1;
    int threads = -1;
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        // "VmRSS:	  123456 kB"
        String value = line.substring(6).trim();
        rssKb = Long.parseLong(value.substring(0, value.indexOf(' ')));
      } else if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring(8).trim());
      }
    }
    if (rssKb < 0 || threads < 0) {
      throw new IOException(status + " has no VmRSS or Threads line (not Linux?)");
    }
    return new ProcStatus(rssKb * 1024, threads);
  }
}
