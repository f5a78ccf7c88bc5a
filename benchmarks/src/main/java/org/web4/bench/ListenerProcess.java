package org.web4.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web4.cli.ChildOutput;

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
  private final ChildOutput output;

  private ListenerProcess(Process process, InetSocketAddress rtt, ChildOutput output) {
    this.process = process;
    this.rtt = rtt;
    this.output = output;
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
    ChildOutput output = new ChildOutput(p.getInputStream(), "listener-output", 1 << 16, l -> {});
    ListenerProcess listener = null;
    try {
      int port = awaitReady(output);
      listener =
          new ListenerProcess(
              p, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), output);
      return listener;
    } finally {
      if (listener == null) {
        p.destroyForcibly();
      }
    }
  }

  /** Reads the child's lines until {@code ready}; returns the port of its {@code rtt} line. */
  private static int awaitReady(ChildOutput output) throws InterruptedException {
    try {
      List<String> before = output.awaitLine(line -> line.equals("ready"), READY_WITHIN);
      for (String line : before) {
        if (line.startsWith("rtt ")) {
          return Integer.parseInt(line.substring(line.lastIndexOf(':') + 1));
        }
      }
      throw new IllegalStateException("the listener printed no rtt line: " + before);
    } catch (ChildOutput.NoSuchLine e) {
      throw new IllegalStateException(
          "the listener did not become ready within "
              + READY_WITHIN
              + ": "
              + String.join(" | ", e.seen()),
          e);
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
    return String.join(" | ", output.lastLines(TAIL_LINES));
  }

  /** The names of the listener process's threads now (Linux truncates them to 15 characters). */
  List<String> threadNames() throws IOException {
    return ProcStatus.threadNames(process.pid());
  }

  /**
   * Stops the child as {@code web4 serve} is stopped (SIGTERM: its shutdown hook closes the agent),
   * then forces it if it has not ended within 15 s.
   */
  @Override
  public void close() throws IOException {
    try {
      process.destroy();
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
