package org.web4.conformance.scenarios;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Cucumber prints a summary of every run to stdout; the runner reports scenarios itself. While any
 * scenario runs, on any worker (docs/adr/1103), stdout goes nowhere; when the last one ends, it is
 * what it was before the first began. One process-wide count, so that overlapping scenarios of
 * parallel workers cannot restore each other's replacement.
 */
final class QuietStdout {
  private static int running;
  private static PrintStream before = System.out;

  private QuietStdout() {}

  /** Silences stdout until the returned value is closed. */
  static synchronized QuietStdout enter() {
    if (running == 0) {
      before = System.out;
      System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    }
    running++;
    return new QuietStdout();
  }

  /** This scenario's output is over. */
  void close() {
    synchronized (QuietStdout.class) {
      running--;
      if (running == 0) {
        System.setOut(before);
      }
    }
  }
}
