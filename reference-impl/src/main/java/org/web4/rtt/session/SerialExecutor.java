package org.web4.rtt.session;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's executor over the shared session threads (docs/adr/1433): its tasks run one at a
 * time, in the order they were handed in [RTT-FR-006], each on whichever pool thread is free. At
 * most one drain of a connection is queued on the pool at a time, so a task that waits holds up
 * this connection only, and the pool's queue never holds more entries than there are connections.
 *
 * <p>The idiom of {@link Executor}'s Javadoc ("SerialExecutor"); the queue and the flag give each
 * task a happens-before edge to the next, whichever threads run them.
 */
final class SerialExecutor implements Executor {
  /** Tasks run per turn on the pool before the drain yields its thread to other connections. */
  private static final int TASKS_PER_TURN = 1024;

  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean queuedOnPool = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    queueOnPool();
  }

  private void queueOnPool() {
    if (queuedOnPool.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    try {
      for (int i = 0; i < TASKS_PER_TURN; i++) {
        Runnable task = tasks.poll();
        if (task == null) {
          break;
        }
        runLoggingFailure(task);
      }
    } finally {
      queuedOnPool.set(false);
      if (!tasks.isEmpty()) {
        queueOnPool(); // a task handed in after the last poll, or the turn ended
      }
    }
  }

  /** As Netty's executors did: a task that throws is logged and the next one runs. */
  private static void runLoggingFailure(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      LOG.warn("a session task raised an exception", e);
    }
  }
}
