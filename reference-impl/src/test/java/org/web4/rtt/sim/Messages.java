package org.web4.rtt.sim;

import java.nio.ByteBuffer;
import java.util.OptionalLong;

/**
 * The application messages of the simulation: each says which sender stream (a session, as one side
 * sees it), channel and index it is, so that the receiver can tell a lost message from a duplicate.
 * A message of at least {@link #HEADER} bytes starts with {@code (stream, channel, index, size)}
 * and ends with a check over them; a shorter one (0 to 23 bytes) is a pattern drawn from the same
 * four numbers, checked against what the sender recorded.
 */
final class Messages {
  static final int HEADER = 24;

  private Messages() {}

  static byte[] build(int stream, int channel, long index, int size) {
    byte[] m = new byte[size];
    int check = check(stream, channel, index, size);
    if (size >= HEADER) {
      ByteBuffer.wrap(m).putInt(stream).putInt(channel).putLong(index).putInt(size);
      ByteBuffer.wrap(m, size - 4, 4).putInt(check);
    } else {
      for (int i = 0; i < size; i++) {
        m[i] = (byte) (check >>> (8 * (i % 4)));
      }
    }
    return m;
  }

  /** Whether {@code m} is exactly message {@code index} of this stream and channel. */
  static boolean matches(byte[] m, int stream, int channel, long index, int size) {
    if (m.length != size) {
      return false;
    }
    int check = check(stream, channel, index, size);
    if (size >= HEADER) {
      ByteBuffer b = ByteBuffer.wrap(m);
      return b.getInt() == stream
          && b.getInt() == channel
          && b.getLong() == index
          && b.getInt() == size
          && b.getInt(size - 4) == check;
    }
    for (int i = 0; i < size; i++) {
      if (m[i] != (byte) (check >>> (8 * (i % 4)))) {
        return false;
      }
    }
    return true;
  }

  /** The index a message of at least {@link #HEADER} bytes of this stream and channel carries. */
  static OptionalLong indexOf(byte[] m, int stream, int channel) {
    if (m.length < HEADER) {
      return OptionalLong.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(m);
    if (b.getInt() != stream || b.getInt() != channel) {
      return OptionalLong.empty();
    }
    long index = b.getLong();
    int size = b.getInt();
    return size == m.length && b.getInt(size - 4) == check(stream, channel, index, size)
        ? OptionalLong.of(index)
        : OptionalLong.empty();
  }

  /** What a message says it is, for a failure's report. */
  static String describe(byte[] m) {
    if (m.length < HEADER) {
      return m.length + " bytes";
    }
    ByteBuffer b = ByteBuffer.wrap(m);
    return "stream "
        + b.getInt()
        + " channel "
        + b.getInt()
        + " index "
        + b.getLong()
        + " ("
        + m.length
        + " bytes)";
  }

  private static int check(int stream, int channel, long index, int size) {
    long h = 0x9E3779B97F4A7C15L;
    for (long v : new long[] {stream, channel, index, size}) {
      h ^= v;
      h *= 0xBF58476D1CE4E5B9L;
      h ^= h >>> 31;
    }
    return (int) h;
  }
}
