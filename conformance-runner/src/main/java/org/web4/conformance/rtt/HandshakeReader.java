package org.web4.conformance.rtt;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.web4.conformance.rtt.TesterPeer.Received;

/**
 * Reads a tester connection before its transport exists: length-prefixed handshake messages
 * (spec/rtt.md §2), or the end of a refused handshake. Each read has a bound.
 */
final class HandshakeReader {
  private final Socket socket;
  private final DataInputStream in;
  private final Transcript transcript;

  HandshakeReader(Socket socket, DataInputStream in, Transcript transcript) {
    this.socket = socket;
    this.in = in;
    this.transcript = transcript;
  }

  /** A handshake message, or empty when the connection ended first. */
  Optional<byte[]> message(Duration timeout) throws IOException {
    timeout(timeout);
    try {
      int hi = in.read();
      if (hi < 0) {
        transcript.received("(connection closed)");
        return Optional.empty();
      }
      int lo = in.read();
      if (lo < 0) {
        transcript.received("(connection closed inside a length prefix)");
        return Optional.empty();
      }
      byte[] m = new byte[(hi << 8) | lo];
      in.readFully(m);
      return Optional.of(m);
    } catch (EOFException e) {
      transcript.received("(connection closed inside a message)");
      return Optional.empty();
    } catch (SocketTimeoutException e) {
      throw new IOException("no handshake message within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      transcript.received("(connection reset: " + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  /**
   * Whether the implementation ends the connection within {@code timeout} without sending anything
   * more (a refused handshake).
   */
  Received end(Duration timeout) throws IOException {
    timeout(timeout);
    try {
      int b = in.read();
      if (b < 0) {
        transcript.received("(connection closed)");
        return new Received(Received.Kind.CLOSED, null, "FIN");
      }
      byte[] more = new byte[in.available()];
      int n = in.read(more);
      String detail =
          "bytes " + HexFormat.of().formatHex(new byte[] {(byte) b}) + " and " + n + " more";
      transcript.received("(unexpected " + detail + ")");
      return new Received(Received.Kind.UNREADABLE, null, detail);
    } catch (SocketTimeoutException e) {
      return new Received(Received.Kind.TIMEOUT, null, "nothing within " + timeout);
    } catch (IOException e) {
      transcript.received("(connection reset)");
      return new Received(Received.Kind.CLOSED, null, "reset: " + e.getMessage());
    }
  }

  private void timeout(Duration timeout) throws SocketException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
  }
}
