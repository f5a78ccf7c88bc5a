package org.web4.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A reference listener in a child JVM ({@link ServeChild}: {@code web4 serve} on 127.0.0.1, an
 * ephemeral port) that this process starts, reads the status of, and always stops. The child's
 * output is drained continuously; its last lines explain a failure.
 */
final class ListenerProcess implements AutoCloseable {
  /** How long the child may take to print {@code ready}. */
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private static final int TAIL_LINES = 40;

  private final Process process;
  private final InetSocketAddress rtt;
  private final Deque<String> tail;

  private ListenerProcess(Process process, InetSocketAddress rtt, Deque<String> tail) {
    this.process = process;
    this.rtt = rtt;
    this.tail = tail;
  }

  /**
   * Starts the child with the same JVM and class path as this one; it lives at most {@code life}.
   */
  static ListenerProcess start(Duration life) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ServeChild.class.getName(),
                Long.toString(life.toSeconds()),
                "--rtt-host",
                "127.0.0.1",
                "--rtt-port",
                "0",
                "--agent-id",
                "bench-listener")
            .redirectErrorStream(true)
            .start();
    Deque<String> tail = new ArrayDeque<>();
    // read only until ready; bounded, so that a chatty child cannot grow it afterwards
    BlockingQueue<String> lines = new LinkedBlockingQueue<>(1000);
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                  synchronized (tail) {
                    if (tail.size() == TAIL_LINES) {
                      tail.removeFirst();
                    }
                    tail.addLast(line);
                  }
                  lines.offer(line);
                }
              } catch (IOException e) {
                // the child ended
              }
              lines.offer("(ended)");
            },
            "listener-output");
    drain.setDaemon(true);
    drain.start();
    ListenerProcess listener = null;
    try {
      int port = awaitReady(lines);
      listener =
          new ListenerProcess(
              p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), tail);
      return listener;
    } finally {
      if (listener == null) {
        p.destroyForcibly();
      }
    }
  }

  /** Reads the child's lines until {@code ready}; returns the port of its {@code rtt} line. */
  private static int awaitReady(BlockingQueue<String> lines) throws InterruptedException {
    long deadline = System.nanoTime() + READY_WITHIN.toNanos();
    int port = -1;
    StringBuilder seen = new StringBuilder();
    while (true) {
      String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.equals("(ended)")) {
        throw new IllegalStateException(
            "the listener did not become ready within " + READY_WITHIN + ": " + seen);
      }
      seen.append(line).append(" | ");
      if (line.startsWith("rtt ")) {
        port = Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
      } else if (line.equals("ready") && port > 0) {
        return port;
      }
    }
  }

  InetSocketAddress rtt() {
    return rtt;
  }

  /** The listener process's resident memory and thread count now. */
  ProcStatus status() throws IOException {
    if (!process.isAlive()) {
      throw new IllegalStateException("the listener process ended: " + lastLines());
    }
    return ProcStatus.of(process.pid());
  }

  String lastLines() {
    synchronized (tail) {
      return String.join(" | ", tail);
    }
  }

  /** Ends the child's input (it stops by itself), then forces it if it has not within 15 s. */
  @Override
  public void close() throws IOException {
    try {
      process.getOutputStream().close();
    } finally {
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
