package org.web4.rtt.session;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every RTT endpoint of this JVM shares (docs/adr/1104): a few event loops that read
 * and write the sockets of every connection, and a pool of session threads that run the handshakes,
 * the frame rules and the agent's message handler. Each connection gets an ordered executor of its
 * own over that pool, so a connection's frames are handled one after the other, in the order they
 * arrived [RTT-FR-006], on whichever session thread is free (docs/adr/1433).
 *
 * <p>A handler that waits therefore holds up its own connection only: "a fetch therefore delays the
 * later answers of its connection only; other connections are served meanwhile" (spec/lip.md,
 * LIP-RPL-003). When each connection was pinned to one of eight executors, a LIP fetch waiting for
 * a slow source held up every connection pinned to the same executor, handshakes included.
 *
 * <p>The threads start when first used and are daemons; the I/O loops are never shut down (they
 * idle), the session threads end after a minute idle.
 */
final class RttEventLoops {
  /** Socket I/O only (length prefixes, AES-GCM of sent frames): two loops are plenty. */
  static final int IO_THREADS = 2;

  /**
   * At least as many session threads as cores, so that envelope validation (CPU-bound, ~100 µs a
   * message) uses every core, and at least 8. A handler that waits says so and the pool lends a
   * thread meanwhile (see {@link #SESSION_POOL}), so this is the number of threads that run, not a
   * bound on the handlers that may wait.
   */
  static final int SESSION_THREADS = Math.max(8, Runtime.getRuntime().availableProcessors());

  private static final EventLoopGroup IO =
      new MultiThreadIoEventLoopGroup(
          IO_THREADS, new DefaultThreadFactory("rtt-io", true), NioIoHandler.newFactory());

  private static final AtomicInteger SESSION_THREAD_NUMBER = new AtomicInteger();

  /**
   * A fork-join pool in FIFO mode, only for {@link ForkJoinPool#managedBlock}: a handler that must
   * wait (a LIP fetch, [LIP-RPL-003]) says so, and the pool lends another thread meanwhile, so
   * waiting handlers never leave the other connections without one (ADR 1433). Its threads are
   * daemons and end after a minute idle.
   */
  private static final ForkJoinPool SESSION_POOL =
      new ForkJoinPool(
          SESSION_THREADS,
          pool -> {
            ForkJoinWorkerThread t =
                ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
            t.setName("rtt-session-" + SESSION_THREAD_NUMBER.incrementAndGet());
            return t;
          },
          null,
          /* asyncMode= */ true);

  private RttEventLoops() {}

  static EventLoopGroup io() {
    return IO;
  }

  /** A new connection's executor: its own order, the shared session threads. */
  static Executor nextSessionExecutor() {
    return new SerialExecutor(SESSION_POOL);
  }

  /** Whether the calling thread is one of these (which must never wait for a peer's credit). */
  static boolean isRttThread() {
    if (Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == SESSION_POOL) {
      return true;
    }
    for (EventExecutor e : IO) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return false;
  }
}
