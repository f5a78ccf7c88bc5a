package org.web4.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * The soak's listener: an agent started as a child process with RTT session resume on ({@code web4
 * serve --rtt-resume}, {@code python3 -m web4py serve --rtt-resume}, or a target file's launch
 * command with {@code --rtt-resume} added), on 127.0.0.1 with an ephemeral port. It reads the
 * child's {@code identity … fingerprint=…} and {@code rtt HOST:PORT} lines (spec/harness.md §7) up
 * to {@code ready}; {@link #close} kills it (and its descendants).
 */
public final class ListenerChild implements AutoCloseable {
  /** How long the child may take to print {@code ready}. */
  static final Duration READY_WITHIN = Duration.ofSeconds(60);

  private final Process process;
  private final String fingerprint;
  private final InetSocketAddress rtt;
  private final List<String> lines;

  private ListenerChild(
      Process process, String fingerprint, InetSocketAddress rtt, List<String> lines) {
    this.process = process;
    this.fingerprint = fingerprint;
    this.rtt = rtt;
    this.lines = lines;
  }

  /**
   * Starts {@code command} in {@code workdir}, its standard error to {@code errorLog} (appended),
   * and waits for {@code ready}.
   */
  public static ListenerChild start(List<String> command, Path workdir, Path errorLog)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .directory(workdir.toFile())
            .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()))
            .start();
    CompletableFuture<ListenerChild> ready = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              List<String> seen = new ArrayList<>();
              String fp = null;
              InetSocketAddress address = null;
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  if (!ready.isDone()) {
                    seen.add(line);
                    if (line.startsWith("identity ")) {
                      fp = field(line, "fingerprint=");
                    } else if (line.startsWith("rtt ")) {
                      String hostPort = line.substring(4).trim();
                      int colon = hostPort.lastIndexOf(':');
                      address =
                          new InetSocketAddress(
                              hostPort.substring(0, colon),
                              Integer.parseInt(hostPort.substring(colon + 1)));
                    } else if (line.equals("ready")) {
                      if (fp == null || address == null) {
                        ready.completeExceptionally(
                            new IOException("no identity or rtt line before ready: " + seen));
                      } else {
                        ready.complete(new ListenerChild(p, fp, address, List.copyOf(seen)));
                      }
                    }
                  }
                  // later lines are read and dropped, so that the child never blocks on a pipe
                }
              } catch (IOException | RuntimeException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new IOException("the listener ended: " + seen));
            },
            "soak-listener-output");
    reader.setDaemon(true);
    reader.start();
    try {
      return ready.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      kill(p);
      throw new IOException(
          "the listener did not start (" + String.join(" ", command) + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      kill(p);
      throw e;
    }
  }

  private static @Nullable String field(String line, String prefix) {
    for (String part : java.util.regex.Pattern.compile(" ").splitAsStream(line).toList()) {
      if (part.startsWith(prefix)) {
        return part.substring(prefix.length());
      }
    }
    return null;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public InetSocketAddress rttAddress() {
    return rtt;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public List<String> startLines() {
    return lines;
  }

  public ProcessFigures figures() {
    return process.isAlive() ? ProcessFigures.of(process.pid()) : ProcessFigures.UNKNOWN;
  }

  @Override
  public void close() {
    kill(process);
  }

  /** Ends the process and its descendants: politely, then by force after 5 s. */
  static void kill(Process p) {
    List<ProcessHandle> descendants = p.descendants().toList();
    p.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
