package org.web4.rtt.frame;

import java.util.Arrays;

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
  private final byte[] body;

  public Frame(FrameType type, int flags, int channel, long sequence, byte[] body) {
    if (flags < 0 || flags > 0xFF) {
      throw new IllegalArgumentException("flags is one byte: " + flags);
    }
    if (channel < 0 || channel > 0xFFFF) {
      throw new IllegalArgumentException("channel id is two bytes: " + channel);
    }
    if (sequence < 0 || sequence > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("sequence is an unsigned 32-bit number: " + sequence);
    }
    if (body.length > MAX_BODY) {
      throw new IllegalArgumentException("body of " + body.length + " bytes; at most " + MAX_BODY);
    }
    this.type = type;
    this.flags = flags;
    this.channel = channel;
    this.sequence = sequence;
    this.body = body.clone();
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

  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Frame f
        && type == f.type
        && flags == f.flags
        && channel == f.channel
        && sequence == f.sequence
        && Arrays.equals(body, f.body);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * type.hashCode() + channel) + Long.hashCode(sequence))
        + Arrays.hashCode(body);
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
        + body.length
        + " bytes]";
  }
}
