package org.web4.conformance.worker;

import java.util.ArrayList;
import java.util.List;

/**
 * One of the workers of a run with {@code --jobs N} (docs/adr/1103): a thread that runs its share
 * of the suites against an implementation instance of its own, and the threads it starts. What the
 * tester keeps for the scenario in progress ({@link WorkerLocal}: the bound target, the wire
 * observers, the stand-in web, Cucumber's outcome) is then the worker's own. A thread that entered
 * no worker, and every thread it starts, belongs to the process's one worker: a serial run behaves
 * as if workers did not exist.
 */
public final class Worker {
  private static final Worker PROCESS = new Worker("process");

  private static final InheritableThreadLocal<Worker> CURRENT =
      new InheritableThreadLocal<>() {
        @Override
        protected Worker initialValue() {
          return PROCESS;
        }
      };

  private final String name;
  private final List<Runnable> onClose = new ArrayList<>();
  private boolean left;

  private Worker(String name) {
    this.name = name;
  }

  /**
   * Makes the calling thread, and every thread it starts from now on, a new worker's until it
   * leaves the worker.
   */
  public static Worker enter(String name) {
    Worker w = new Worker(name);
    CURRENT.set(w);
    return w;
  }

  /** The calling thread's worker. */
  public static Worker current() {
    return CURRENT.get();
  }

  /** Whether this is the process's worker (no {@code --jobs} worker entered). */
  public boolean isProcess() {
    return this == PROCESS;
  }

  public String name() {
    return name;
  }

  /** Runs {@code action} when the worker is left (never for the process's worker). */
  synchronized void whenClosed(Runnable action) {
    if (left) {
      throw new IllegalStateException("worker " + name + " was left");
    }
    if (!isProcess()) {
      onClose.add(action);
    }
  }

  /**
   * Releases what the worker's values hold and makes the calling thread the process's again (the
   * thread that entered the worker calls it when its share of the run is done).
   */
  public void leave() {
    List<Runnable> actions;
    synchronized (this) {
      left = true;
      actions = List.copyOf(onClose);
      onClose.clear();
    }
    try {
      actions.forEach(Runnable::run);
    } finally {
      CURRENT.remove();
    }
  }
}
