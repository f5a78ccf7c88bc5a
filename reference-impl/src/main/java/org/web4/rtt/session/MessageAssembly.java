package org.web4.rtt.session;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reassembles one channel's message from its DATA fragments into one array (docs/adr/1106). A
 * message of one frame is copied once, out of the buffer it was decrypted in, into an array of its
 * exact size. A longer one is copied into an array that doubles as it fills, bounded by the largest
 * message the receive window still allows; when the last fragment arrives the array is the message
 * if it is full, and is cut to size otherwise. Memory stays within twice what the peer sent (as
 * before), whatever the size of its fragments. Session executor only.
 */
final class MessageAssembly {
  private static final byte[] NONE = new byte[0];

  private byte[] bytes = NONE;
  private int size;

  /** Bytes of the unfinished message received so far. */
  int size() {
    return size;
  }

  /**
   * Adds a fragment that is not the last.
   *
   * @param bound the largest the whole message can be (the receive window when it began)
   */
  void add(ByteBuffer fragment, long bound) {
    int needed = size + fragment.remaining();
    if (needed > bytes.length) {
      long doubled = Math.max(2L * bytes.length, needed);
      bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min(doubled, bound)));
    }
    fragment.get(bytes, size, fragment.remaining());
    size = needed;
  }

  /** Adds the last fragment and returns the whole message; the assembly is empty again. */
  byte[] finish(ByteBuffer last) {
    byte[] message;
    if (size == 0) { // a message of one frame: no reassembly
      message = new byte[last.remaining()];
      last.get(message);
      return message;
    }
    add(last, size + (long) last.remaining());
    message = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    bytes = NONE;
    size = 0;
    return message;
  }
}
