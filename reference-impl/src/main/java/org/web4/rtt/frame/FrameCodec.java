package org.web4.rtt.frame;

import java.nio.ByteBuffer;

/**
 * Encodes frames to the plaintext of a Noise transport message and back. Stateless, thread-safe.
 * The {@code byte[]} forms copy (for code outside the transport: vectors, the kit's tester); the
 * {@link ByteBuffer} forms do not (the transport's own path, docs/adr/1106).
 */
public final class FrameCodec {
  private FrameCodec() {}

  public static byte[] encode(Frame frame) {
    return ByteBuffer.allocate(Frame.HEADER_SIZE + frame.bodyLength())
        .put(header(frame))
        .put(frame.bodyView())
        .array();
  }

  /** The 8-byte header of {@code frame}: what precedes its body in the plaintext. */
  public static ByteBuffer header(Frame frame) {
    return ByteBuffer.allocate(Frame.HEADER_SIZE)
        .put((byte) frame.type().code())
        .put((byte) frame.flags())
        .putShort((short) frame.channel())
        .putInt((int) frame.sequence())
        .flip();
  }

  /** Decodes a copy of {@code plaintext}: the frame does not share the caller's array. */
  public static Frame decode(byte[] plaintext) throws FrameException {
    return decode(ByteBuffer.wrap(plaintext.clone()));
  }

  /**
   * Decodes the remaining bytes of {@code plaintext} without copying: the frame's body is a view of
   * them, valid as long as they are.
   */
  public static Frame decode(ByteBuffer plaintext) throws FrameException {
    int length = plaintext.remaining();
    if (length < Frame.HEADER_SIZE) {
      throw new FrameException("a frame has an 8-byte header; got " + length + " bytes");
    }
    if (length - Frame.HEADER_SIZE > Frame.MAX_BODY) {
      throw new FrameException("frame body over " + Frame.MAX_BODY + " bytes");
    }
    ByteBuffer b = plaintext.duplicate();
    int code = b.get() & 0xFF;
    FrameType type =
        FrameType.ofCode(code)
            .orElseThrow(
                () -> new FrameException(String.format("unknown frame type 0x%02x", code)));
    int flags = b.get() & 0xFF;
    int channel = b.getShort() & 0xFFFF;
    long sequence = b.getInt() & 0xFFFF_FFFFL;
    return Frame.over(type, flags, channel, sequence, b);
  }
}
