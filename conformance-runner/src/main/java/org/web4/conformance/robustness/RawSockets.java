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
    try {
      s.setSoTimeout(Math.max(1, millis));
      InputStream in = s.getInputStream();
      byte[] drop = new byte[4096];
      while (true) {
        int n = in.read(drop);
        if (n < 0) {
          return true;
        }
        if (in.available() == 0) {
          s.setSoTimeout(1);
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
