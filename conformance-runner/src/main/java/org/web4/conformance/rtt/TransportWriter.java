package org.web4.conformance.rtt;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

/**
 * Everything the tester writes on a connection (spec/rtt.md §2, §4): length-prefixed handshake
 * messages and raw bytes, and after the handshake frames with any header values, encrypted with the
 * transport cipher — well-formed or deliberately not. It counts the tester's sequence numbers and
 * DATA bytes against the send windows, and tells the connection's observers each plaintext.
 * Thread-safe: one write at a time.
 */
final class TransportWriter {
  private final OutputStream out;
  private final Transcript transcript;
  private final WireObserver observer;
  private final SendWindows windows;
  private @Nullable CipherState cipher;
  private long nextSequence;
  private final long[] sentByType = new long[256];

  TransportWriter(
      OutputStream out, Transcript transcript, WireObserver observer, SendWindows windows) {
    this.out = out;
    this.transcript = transcript;
    this.observer = observer;
    this.windows = windows;
  }

  /** The handshake completed: frames are encrypted with this cipher state from now on. */
  synchronized void startTransport(CipherState sender) {
    cipher = sender;
  }

  synchronized boolean established() {
    return cipher != null;
  }

  synchronized long nextSequence() {
    return nextSequence;
  }

  synchronized void raw(byte[] bytes, String description) throws IOException {
    transcript.sent("raw bytes: " + description);
    out.write(bytes);
    out.flush();
  }

  /** A frame with any header values; the tester's own sequence counter moves on by one. */
  synchronized long frame(int type, int flags, int channel, long sequence, byte[] body)
      throws IOException {
    byte[] plaintext = RawFrame.encode(type, flags, channel, sequence, body);
    transcript.sent(RawFrame.decode(plaintext).orElseThrow().describe());
    plaintext(plaintext);
    sentByType[type & 0xFF]++;
    if (type == FrameType.DATA.code()) {
      windows.sent(channel, body.length);
    }
    return sequence;
  }

  /**
   * {@code count} frames alike with the next sequence numbers, one transcript line for them all (a
   * flood of thousands would otherwise bury the transcript).
   */
  synchronized void repeated(FrameType type, int channel, byte[] body, int count)
      throws IOException {
    if (count <= 0) {
      return;
    }
    byte[] first = RawFrame.encode(type.code(), 0, channel, nextSequence, body);
    transcript.sent(
        count + " × " + RawFrame.decode(first).orElseThrow().describe() + " (sequence numbers on)");
    for (int i = 0; i < count; i++) {
      plaintext(RawFrame.encode(type.code(), 0, channel, nextSequence, body));
    }
    sentByType[type.code() & 0xFF] += count;
  }

  /** How many well-formed frames of {@code type} the tester sent on this connection. */
  synchronized long sent(FrameType type) {
    return sentByType[type.code() & 0xFF];
  }

  /** A frame with the next sequence number. */
  synchronized long frame(FrameType type, int flags, int channel, byte[] body) throws IOException {
    return frame(type.code(), flags, channel, nextSequence, body);
  }

  /** Any plaintext as one transport message. */
  synchronized void plaintext(byte[] plaintext) throws IOException {
    observer.plaintextSent(plaintext);
    prefixed(encrypt(plaintext));
    nextSequence++;
  }

  /**
   * A frame whose transport message is written only in part: the length prefix and the first half
   * of the ciphertext (the connection is then cut).
   */
  synchronized void halfFrame(FrameType type, int flags, int channel, byte[] body)
      throws IOException {
    byte[] plaintext = RawFrame.encode(type.code(), flags, channel, nextSequence, body);
    transcript.sent(RawFrame.decode(plaintext).orElseThrow().describe() + " (first half only)");
    byte[] m = encrypt(plaintext);
    byte[] buf = new byte[2 + m.length / 2];
    buf[0] = (byte) (m.length >>> 8);
    buf[1] = (byte) m.length;
    System.arraycopy(m, 0, buf, 2, m.length / 2);
    out.write(buf);
    out.flush();
    nextSequence++;
  }

  /** A frame whose transport message fails authentication (one bit of the tag flipped). */
  synchronized void corruptedFrame(FrameType type, int channel, byte[] body) throws IOException {
    byte[] plaintext = RawFrame.encode(type.code(), 0, channel, nextSequence, body);
    transcript.sent(
        RawFrame.decode(plaintext).orElseThrow().describe() + " (authentication tag corrupted)");
    observer.plaintextSent(plaintext);
    byte[] m = encrypt(plaintext);
    m[m.length - 1] ^= 0x01;
    prefixed(m);
    nextSequence++;
  }

  /**
   * One message as DATA fragments of at most {@code fragment} bytes, the last with FIN (unless
   * {@code finish} is false); returns the sequence number of the last fragment.
   */
  synchronized long message(int channel, byte[] message, int fragment, boolean finish)
      throws IOException {
    long last = -1;
    int at = 0;
    do {
      int n = Math.min(fragment, message.length - at);
      byte[] body = Arrays.copyOfRange(message, at, at + n);
      at += n;
      boolean fin = finish && at == message.length;
      last = frame(FrameType.DATA, fin ? 0x01 : 0, channel, body);
    } while (at < message.length);
    return last;
  }

  /** A message with its two-byte length (spec/rtt.md RTT-WIRE-001). */
  synchronized void prefixed(byte[] message) throws IOException {
    byte[] buf = new byte[2 + message.length];
    buf[0] = (byte) (message.length >>> 8);
    buf[1] = (byte) message.length;
    System.arraycopy(message, 0, buf, 2, message.length);
    out.write(buf);
    out.flush();
  }

  private byte[] encrypt(byte[] plaintext) throws IOException {
    CipherState c = cipher;
    if (c == null) {
      throw new IllegalStateException("the handshake has not completed");
    }
    try {
      return c.encryptWithAd(new byte[0], plaintext);
    } catch (NoiseException e) {
      throw new IOException(e.getMessage(), e);
    }
  }
}
