package org.web4.conformance.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

/** Plain TCP sockets of an attack: opened, polled for the implementation's close, closed. */
final class RawSockets {
  /** The connect timeout of an attack's socket. */
  static final int CONNECT_MILLIS = 5_000;

  private RawSockets() {}

  static Socket open(InetSocketAddress address) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(address, CONNECT_MILLIS);
      s.setTcpNoDelay(true);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Whether the implementation has closed (or reset) this connection, reading and dropping what it
   * sent; waits at most {@code millis} (at least 1) for the answer.
   */
  static boolean closedByPeer(Socket s, int millis) {
    if (s.isClosed()) {
      return true;
    }
    // The whole wait counts, also after bytes came: an implementation that answers message 1 and
    // closes when it reads the FIN sends its bytes first and its FIN a little later, which a
    // 1 ms wait after the last byte misses on a loaded machine (every later read gets at least
    // 1 ms, so that a close already queued behind the bytes is still seen once time is up).
    long deadline = System.nanoTime() + Math.max(1, millis) * 1_000_000L;
    try {
      InputStream in = s.getInputStream();
      byte[] drop = new byte[4096];
      while (true) {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        s.setSoTimeout((int) Math.max(1, left));
        if (in.read(drop) < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // a reset
    }
  }

  static void closeAll(List<Socket> sockets) {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // Closing.
      }
    }
  }
}
