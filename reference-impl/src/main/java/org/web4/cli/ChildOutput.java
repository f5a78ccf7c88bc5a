package org.web4.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Drains one output stream of a child process on its own daemon thread, so that the child never
 * blocks on a full pipe. It keeps the last {@code tailChars} characters (what explains a failure),
 * the first {@link #EARLY_LINES} lines (what a launcher waits for: its addresses and {@code ready})
 * and hands every line to a listener. Shared by every launcher of a child agent: the kit's process
 * targets, the mesh demo's web4py agents and the benchmarks' listener.
 */
public final class ChildOutput {
  /** How many of the first lines {@link #awaitLine} can see. */
  public static final int EARLY_LINES = 1000;

  private final int tailChars;
  private final StringBuilder tail = new StringBuilder();
  private final List<String> early = new ArrayList<>();
  private boolean truncated;
  private boolean ended;
  private final Thread thread;

  /** Why {@link #awaitLine} returned no line: the stream ended first, or the time ran out. */
  public static final class NoSuchLine extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean ended;
    private final List<String> seen;

    NoSuchLine(boolean ended, List<String> seen) {
      super(ended ? "the output ended first" : "no such line in time");
      this.ended = ended;
      this.seen = List.copyOf(seen);
    }

    /** True when the child closed its output (it ended) before the line; false on a timeout. */
    public boolean ended() {
      return ended;
    }

    /** The lines the child printed before. */
    public List<String> seen() {
      return seen;
    }
  }

  /** Starts draining {@code stream} on a daemon thread named {@code threadName}. */
  public ChildOutput(
      InputStream stream, String threadName, int tailChars, Consumer<String> eachLine) {
    this.tailChars = tailChars;
    this.thread =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  append(line);
                  eachLine.accept(line);
                }
              } catch (IOException e) {
                // the process ended or was destroyed: keep what was read
              }
              end();
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private synchronized void append(String line) {
    tail.append(line).append('\n');
    if (tail.length() > tailChars) {
      tail.delete(0, tail.length() - tailChars);
      truncated = true;
    }
    if (early.size() < EARLY_LINES) {
      early.add(line);
      notifyAll();
    }
  }

  private synchronized void end() {
    ended = true;
    notifyAll();
  }

  /**
   * Waits until one of the first {@link #EARLY_LINES} lines matches {@code wanted}; returns the
   * lines before it.
   */
  public synchronized List<String> awaitLine(Predicate<String> wanted, Duration within)
      throws NoSuchLine, InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    int next = 0;
    while (true) {
      for (; next < early.size(); next++) {
        if (wanted.test(early.get(next))) {
          return List.copyOf(early.subList(0, next));
        }
      }
      long left = deadline - System.nanoTime();
      if (ended || early.size() == EARLY_LINES || left <= 0) {
        throw new NoSuchLine(ended, early);
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  /** The kept tail, one line per {@code \n}. */
  public synchronized String text() {
    return tail.toString();
  }

  /** The last {@code n} lines of the tail. */
  public synchronized List<String> lastLines(int n) {
    List<String> lines = tail.toString().lines().toList();
    return lines.subList(Math.max(0, lines.size() - n), lines.size());
  }

  /** True when the tail dropped its oldest characters. */
  public synchronized boolean truncated() {
    return truncated;
  }

  /** Waits a little for the drain thread to read what the ended process left in the pipe. */
  public void awaitEnd(long millis) {
    try {
      thread.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
