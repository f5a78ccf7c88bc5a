package org.web4.conformance.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * web4py's own unit tests ({@code python3 -m unittest discover -s tests} in
 * implementations/python), run once per test JVM as a process of their own, from the start of a
 * test plan that holds {@code PythonImplementationTest} ({@link SharedRunsEarly}) or from the first
 * time they are asked for. They wait on loopback and on Python far more than they use a core, and
 * share nothing with this JVM's tests (they bind their own loopback ports), so they overlap the
 * rest of the build (docs/adr/1107, 1423).
 */
public final class PythonUnitTests {
  /** What the process printed and how it ended. */
  public record Finished(int exit, String output) {}

  /** A hang guard: several times the slowest run measured on a loaded build machine. */
  private static final long GUARD_MINUTES = 10;

  private static @Nullable Process process;
  private static @Nullable CompletableFuture<Finished> finished;

  private PythonUnitTests() {}

  /** Starts the unit tests if they have not started. */
  public static synchronized void start() {
    if (finished != null) {
      return;
    }
    Process p;
    try {
      p =
          new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests")
              .directory(KitFiles.root().resolve("implementations/python").toFile())
              .redirectErrorStream(true)
              .start();
    } catch (IOException e) {
      finished = CompletableFuture.failedFuture(e);
      return;
    }
    process = p;
    double started = RunTimes.now();
    Thread reader =
        new Thread(
            () -> {
              try {
                byte[] out = p.getInputStream().readAllBytes();
                int exit = p.waitFor();
                Finished f = new Finished(exit, new String(out, StandardCharsets.UTF_8));
                RunTimes.record("python-unit-tests", started, RunTimes.now(), "exit " + exit);
                synchronized (PythonUnitTests.class) {
                  Objects.requireNonNull(finished).complete(f);
                }
              } catch (IOException e) {
                failWith(new UncheckedIOException(e));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failWith(e);
              }
            },
            "python-unit-tests");
    reader.setDaemon(true);
    finished = new CompletableFuture<>();
    reader.start();
  }

  private static synchronized void failWith(Throwable t) {
    Objects.requireNonNull(finished).completeExceptionally(t);
  }

  /** The finished unit tests; starts them if needed. */
  public static Finished get() throws InterruptedException, ExecutionException {
    CompletableFuture<Finished> f;
    synchronized (PythonUnitTests.class) {
      start();
      f = Objects.requireNonNull(finished);
    }
    try {
      return f.get(GUARD_MINUTES, TimeUnit.MINUTES);
    } catch (TimeoutException e) {
      stop();
      throw new IllegalStateException(
          "web4py's unit tests did not finish in " + GUARD_MINUTES + " min", e);
    }
  }

  /** Ends the process if it still runs (the test JVM's end would leave it running). */
  public static synchronized void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
