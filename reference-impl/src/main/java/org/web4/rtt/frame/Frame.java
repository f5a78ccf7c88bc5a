package org.web4.rtt.frame;

import java.nio.ByteBuffer;

/**
 * One RTT frame, the plaintext of one Noise transport message (spec/rtt.md §4, draft):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +---------------+---------------+-------------------------------+
 * |     type      |     flags     |          channel id           |
 * +---------------+---------------+-------------------------------+
 * |                  sequence number (uint32, per direction)      |
 * +---------------------------------------------------------------+
 * |                  body (0 .. 65511 bytes)                      |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The public constructor and {@link #body()} copy, so a frame built from or handed to code
 * outside the transport owns its bytes. The transport's own path (docs/adr/1106) uses {@link #over}
 * and {@link #bodyView()}, which share them: a DATA payload is not copied between the socket buffer
 * and the message.
 */
public final class Frame {
  public static final int HEADER_SIZE = 8;

  /** 65535 (a Noise message) − 16 (the AES-GCM tag) − the header. */
  public static final int MAX_BODY = 65535 - 16 - HEADER_SIZE;

  /** DATA: the last fragment of a message. */
  public static final int FLAG_FIN = 0x01;

  private final FrameType type;
  private final int flags;
  private final int channel;
  private final long sequence;

  /** Read-only, position 0. */
  private final ByteBuffer body;

  public Frame(FrameType type, int flags, int channel, long sequence, byte[] body) {
    this(type, flags, channel, sequence, ByteBuffer.wrap(body.clone()).asReadOnlyBuffer());
  }

  private Frame(FrameType type, int flags, int channel, long sequence, ByteBuffer body) {
    if (flags < 0 || flags > 0xFF) {
      throw new IllegalArgumentException("flags is one byte: " + flags);
    }
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel id is two bytes: " + channel);
    }
    if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sequence is an unsigned 32-bit number: " + sequence);
    }
    if (body.remaining() > MAX_BODY) {
      throw new IllegalArgumentException(
          "body of " + body.remaining() + " bytes; at most " + MAX_BODY);
    }
    this.type = type;
    this.flags = flags;
    this.channel = channel;
    this.sequence = sequence;
    this.body = body;
  }

  /**
   * A frame whose body is the remaining bytes of {@code body}, not copied: whoever calls this keeps
   * those bytes unchanged while the frame is in use (the transport's internal path).
   */
  public static Frame over(FrameType type, int flags, int channel, long sequence, ByteBuffer body) {
    return new Frame(type, flags, channel, sequence, body.slice().asReadOnlyBuffer());
  }

  public FrameType type() {
    return type;
  }

  public int flags() {
    return flags;
  }

  public int channel() {
    return channel;
  }

  public long sequence() {
    return sequence;
  }

  /** A copy of the body. */
  public byte[] body() {
    byte[] copy = new byte[body.remaining()];
    body.duplicate().get(copy);
    return copy;
  }

  public int bodyLength() {
    return body.remaining();
  }

  /** The body itself, read-only, without a copy; valid as long as the frame's bytes are. */
  public ByteBuffer bodyView() {
    return body.duplicate();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && type == f.type
        && flags == f.flags
        && channel == f.channel
        && sequence == f.sequence
        && body.equals(f.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * type.hashCode() + channel) + Long.hashCode(sequence)) + body.hashCode();
  }

  @Override
  public String toString() {
    return type
        + "[flags="
        + flags
        + ", channel="
        + channel
        + ", seq="
        + sequence
        + ", "
        + body.remaining()
        + " bytes]";
  }
}
