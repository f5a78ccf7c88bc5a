package org.web4.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@code threads} platform threads of a load step to the end and rethrows the first failure;
 * the others stop at their next step once one has failed. Bounded: every step checks the part's
 * deadline ({@link Steps#next}), and every wait inside a step has its own timeout.
 */
final class Workers {
  private Workers() {}

  /** What worker {@code k} does, step by step. */
  interface Work {
    void run(int k, Steps steps) throws Exception;
  }

  /** Asked before each step: whether to go on. */
  interface Steps {
    /**
     * Whether to take the next step: false once another worker failed.
     *
     * @throws IllegalStateException when the deadline passed
     */
    boolean next();
  }

  static void run(String name, int threads, long deadlineNanos, Work work) throws Exception {
    AtomicReference<Exception> failed = new AtomicReference<>();
    Steps steps =
        () -> {
          if (System.nanoTime() > deadlineNanos) {
            throw new IllegalStateException(name + ": gave up, the time limit passed");
          }
          return failed.get() == null;
        };
    List<Thread> workers = new ArrayList<>();
    for (int k = 0; k < threads; k++) {
      int index = k;
      Thread w =
          new Thread(
              () -> {
                try {
                  work.run(index, steps);
                } catch (Exception e) {
                  failed.compareAndSet(null, e);
                }
              },
              name + "-" + k);
      w.start();
      workers.add(w);
    }
    for (Thread w : workers) {
      w.join();
    }
    Exception e = failed.get();
    if (e != null) {
      throw e;
    }
  }
}
