package org.web4.rtt.wire;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Noise messages on a TCP stream, each preceded by its length as a 2-byte big-endian number
 * (spec/rtt.md §2, [RTT-WIRE-001]). Reads and writes may happen on different threads; writers must
 * not interleave (the caller serializes them).
 */
public final class NoiseMessageStream implements AutoCloseable {
  /** A Noise message is at most 65535 bytes. */
  public static final int MAX_MESSAGE = 65535;

  static final int WRITE_BUFFER = 8192;

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public NoiseMessageStream(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    // 8 KiB: small frames are coalesced; a large one goes straight to the socket. A 64 KiB buffer
    // per direction would be most of an idle connection's memory (docs/performance.md).
    this.out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
  }

  public Socket socket() {
    return socket;
  }

  /**
   * Reads one message.
   *
   * @throws EOFException when the peer closed the stream before a length prefix (a clean end) or
   *     inside a message (a truncated one; the message says which)
   */
  public byte[] read() throws IOException {
    int first = in.read();
    if (first < 0) {
      throw new EOFException("the peer closed the connection");
    }
    int second = in.read();
    if (second < 0) {
      throw new EOFException("the peer closed the connection inside a length prefix");
    }
    int length = (first << 8) | second;
    byte[] message = new byte[length];
    try {
      in.readFully(message);
    } catch (EOFException e) {
      throw new EOFException(
          "the peer closed the connection inside a message of " + length + " bytes");
    }
    return message;
  }

  /** Writes one message and flushes it. */
  public void write(byte[] message) throws IOException {
    writeBuffered(message);
    flush();
  }

  /** Writes one message into the send buffer; {@link #flush()} sends it. */
  public void writeBuffered(byte[] message) throws IOException {
    if (message.length > MAX_MESSAGE) {
      throw new IllegalArgumentException("a Noise message is at most 65535 bytes");
    }
    out.write(message.length >>> 8);
    out.write(message.length & 0xFF);
    out.write(message);
  }

  public void flush() throws IOException {
    out.flush();
  }

  /**
   * Sends FIN after what was written: the peer reads everything, then the end of the stream. The
   * socket stays open for reading, so that frames the peer still sends are drained rather than
   * answered with a TCP reset that could destroy the last frames written.
   */
  public void finishWriting() {
    try {
      out.flush();
      socket.shutdownOutput();
    } catch (IOException e) {
      // The peer is gone already.
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // Closing: nothing to recover.
    }
  }
}
