package org.web4.conformance.target;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Drains one output stream of a process on its own daemon thread, keeping only the last {@link
 * #LIMIT} characters and handing every line to a listener.
 */
final class OutputTail {
  /** How much of each stream the report keeps. */
  static final int LIMIT = 1 << 20;

  private final StringBuilder tail = new StringBuilder();
  private boolean truncated;
  private final Thread thread;

  OutputTail(InputStream stream, String threadName, Consumer<String> lines) {
    this.thread =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  append(line);
                  lines.accept(line);
                }
              } catch (IOException e) {
                // the process ended or was destroyed: keep what was read
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private synchronized void append(String line) {
    tail.append(line).append('\n');
    if (tail.length() > LIMIT) {
      tail.delete(0, tail.length() - LIMIT);
      truncated = true;
    }
  }

  synchronized String text() {
    return tail.toString();
  }

  synchronized boolean truncated() {
    return truncated;
  }

  /** Waits a little for the drain thread to read what the ended process left in the pipe. */
  void awaitEnd(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
