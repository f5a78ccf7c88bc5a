package org.web4.rtt.sim;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The session executor of every simulated connection (RttRuntime.driven): tasks wait in one FIFO
 * queue until the simulation runs them, on its own thread, in the order they were queued. Where
 * production runs connections on eight executors in parallel, the simulation runs one of the orders
 * production may take, the same one on every replay.
 */
final class SimulatedExecutor implements Executor {
  private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  private final Consumer<Throwable> failed;

  /**
   * @param failed told of a task that threw (production's executor would log it and go on; the
   *     simulation treats it as a violation)
   */
  SimulatedExecutor(Consumer<Throwable> failed) {
    this.failed = failed;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
  }

  /** Runs every queued task, and those they queue; returns whether any ran. */
  boolean runAll() {
    boolean ran = false;
    for (@Nullable Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
      ran = true;
      try {
        task.run();
      } catch (RuntimeException | AssertionError e) {
        failed.accept(e);
      }
    }
    return ran;
  }
}
