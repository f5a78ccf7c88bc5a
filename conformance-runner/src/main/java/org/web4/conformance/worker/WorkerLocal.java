package org.web4.conformance.worker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value per {@link Worker}, made on first use in each: the process's one value in a serial run
 * (what a process-wide static held before {@code --jobs}), one per worker in a parallel run.
 *
 * @param <T> the value
 */
public final class WorkerLocal<T> {
  private final Map<Worker, T> values = new ConcurrentHashMap<>();
  private final Supplier<T> initial;
  private final Consumer<T> release;

  /**
   * @param initial makes a worker's value on its first use
   * @param release frees a value when its worker is left (the process's is never released)
   */
  public WorkerLocal(Supplier<T> initial, Consumer<T> release) {
    this.initial = initial;
    this.release = release;
  }

  /** A value that needs no releasing. */
  public WorkerLocal(Supplier<T> initial) {
    this(initial, value -> {});
  }

  /** The calling thread's worker's value. */
  public T get() {
    Worker w = Worker.current();
    return values.computeIfAbsent(
        w,
        key -> {
          T value = initial.get();
          key.whenClosed(
              () -> {
                values.remove(key);
                release.accept(value);
              });
          return value;
        });
  }
}
