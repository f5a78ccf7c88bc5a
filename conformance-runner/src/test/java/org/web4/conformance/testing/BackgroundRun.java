package org.web4.conformance.testing;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.web4.conformance.worker.Worker;

/**
 * A slow run shared by tests (a whole kit run), made once per test JVM on a thread of its own that
 * is a worker of its own: the tester state of the run is apart from that of the tests running
 * meanwhile, as {@code --jobs} keeps it (docs/adr/1103). It starts when first asked for, or earlier
 * ({@link SharedRunsEarly}), so that it overlaps the rest of the build. Runs that must not all go
 * at once (the deviant runs) share an executor that bounds them.
 *
 * @param <T> what the run gives
 */
public final class BackgroundRun<T> {
  /** A hang guard, far above the slowest whole-kit run measured on a loaded machine. */
  private static final long GUARD_MINUTES = 20;

  private final String name;
  private final Callable<T> run;
  private final Executor executor;
  private final CompletableFuture<T> result = new CompletableFuture<>();
  private boolean started;

  /** A run on a daemon thread of its own. */
  public BackgroundRun(String name, Callable<T> run) {
    this(name, run, BackgroundRun::daemonThread);
  }

  /** A run on {@code executor}, for example a pool that bounds how many runs go at once. */
  public BackgroundRun(String name, Callable<T> run, Executor executor) {
    this.name = name;
    this.run = run;
    this.executor = executor;
  }

  private static void daemonThread(Runnable task) {
    Thread thread = new Thread(task, "background-run");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts the run if it has not started. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    executor.execute(
        () -> {
          Worker worker = Worker.enter(name);
          double began = RunTimes.now();
          String outcome = "failed";
          try {
            result.complete(run.call());
            outcome = "done";
          } catch (Throwable t) {
            result.completeExceptionally(t);
          } finally {
            worker.leave();
            RunTimes.record(name, began, RunTimes.now(), outcome);
          }
        });
  }

  /**
   * Runs {@code then} when the run has finished (at once if it has), however it ended; nothing if
   * it never starts.
   */
  public void whenFinished(Runnable then) {
    CompletableFuture<T> unused = result.whenComplete((value, failure) -> then.run());
  }

  /** The run's result, once it is finished; starts it if needed. */
  public T get() {
    start();
    try {
      return result.get(GUARD_MINUTES, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(name + " interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(name + " failed", e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException(name + " did not finish in " + GUARD_MINUTES + " min", e);
    }
  }
}
