package org.web4.rtt.frame;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Encodes frames to the plaintext of a Noise transport message and back. Stateless, thread-safe.
 */
public final class FrameCodec {
  private FrameCodec() {}

  public static byte[] encode(Frame frame) {
    byte[] body = frame.body();
    return ByteBuffer.allocate(Frame.HEADER_SIZE + body.length)
        .put((byte) frame.type().code())
        .put((byte) frame.flags())
        .putShort((short) frame.channel())
        .putInt((int) frame.sequence())
        .put(body)
        .array();
  }

  public static Frame decode(byte[] plaintext) throws FrameException {
    if (plaintext.length < Frame.HEADER_SIZE) {
      throw new FrameException("a frame has an 8-byte header; got " + plaintext.length + " bytes");
    }
    if (plaintext.length - Frame.HEADER_SIZE > Frame.MAX_BODY) {
      throw new FrameException("frame body over " + Frame.MAX_BODY + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(plaintext);
    int code = b.get() & 0xFF;
    FrameType type =
        FrameType.ofCode(code)
            .orElseThrow(
                () -> new FrameException(String.format("unknown frame type 0x%02x", code)));
    int flags = b.get() & 0xFF;
    int channel = b.getShort() & 0xFFFF;
    long sequence = b.getInt() & 0xFFFF_FFFFL;
    return new Frame(
        type,
        flags,
        channel,
        sequence,
        Arrays.copyOfRange(plaintext, Frame.HEADER_SIZE, plaintext.length));
  }
}
