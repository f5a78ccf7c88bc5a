package org.web4.conformance.rtt;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A loopback port where the tester waits for the implementation to dial it (the initiator role).
 */
public final class TesterListener implements AutoCloseable {
  private final ServerSocket server;
  private final Transcript transcript;
  private final long seed;

  public TesterListener(Transcript transcript, long seed) throws IOException {
    this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    this.transcript = transcript;
    this.seed = seed;
    transcript.note("tester listening on " + address());
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
  }

  /** The next connection the implementation opens, within {@code timeout}. */
  public TesterPeer accept(Duration timeout) throws IOException {
    return accept(timeout, TesterPeer.DEFAULT_NAME);
  }

  /** As {@link #accept(Duration)}, for a named tester peer. */
  public TesterPeer accept(Duration timeout, String name) throws IOException {
    server.setSoTimeout((int) timeout.toMillis());
    try {
      Socket s = server.accept();
      return TesterPeer.accepted(s, transcript, seed, name);
    } catch (SocketTimeoutException e) {
      throw new IOException(
          "the implementation did not connect within " + timeout.toSeconds() + " s", e);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
