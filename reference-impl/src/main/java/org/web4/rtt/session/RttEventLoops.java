package org.web4.rtt.session;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The threads every RTT endpoint of this JVM shares (docs/adr/1104): a few event loops that read
 * and write the sockets of every connection, and a group of session executors that run the
 * handshakes, the frame rules and the agent's message handler. Netty pins each connection to one
 * session executor, so a connection's frames are handled one after the other, in the order they
 * arrived [RTT-FR-006], while other connections go on on the other executors.
 *
 * <p>The threads start when first used and are daemons; they are never shut down (they idle).
 */
final class RttEventLoops {
  /** Socket I/O only (length prefixes, AES-GCM of sent frames): two loops are plenty. */
  static final int IO_THREADS = 2;

  /**
   * At least as many session executors as cores, so that envelope validation (CPU-bound, ~100 µs a
   * message) uses every core; at least 8 so that a handler that waits (a LIP fetch waits for HTTP
   * for up to its deadline) holds up few other connections.
   */
  static final int SESSION_THREADS = Math.max(8, Runtime.getRuntime().availableProcessors());

  private static final EventLoopGroup IO =
      new MultiThreadIoEventLoopGroup(
          IO_THREADS, new DefaultThreadFactory("rtt-io", true), NioIoHandler.newFactory());

  private static final EventExecutorGroup SESSIONS =
      new DefaultEventExecutorGroup(SESSION_THREADS, new DefaultThreadFactory("rtt-session", true));

  private RttEventLoops() {}

  static EventLoopGroup io() {
    return IO;
  }

  static EventExecutorGroup sessions() {
    return SESSIONS;
  }

  /** Whether the calling thread is one of these (which must never wait for a peer's credit). */
  static boolean isRttThread() {
    for (EventExecutor e : SESSIONS) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    for (EventExecutor e : IO) {
      if (e.inEventLoop()) {
        return true;
      }
    }
    return false;
  }
}
