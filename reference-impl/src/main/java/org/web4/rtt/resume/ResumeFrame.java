package org.web4.rtt.resume;

import java.nio.ByteBuffer;

/**
 * The RESUME frame (docs/drafts/rtt-resume.md §4.2), type 0x0B, channel 0, flags 0, on resumable
 * connections only; the responder's transport frame 1. It is not a {@link
 * org.web4.rtt.frame.FrameType}: on an RTT 1.0 connection (and on a resumable one where it was not
 * asked for) 0x0B stays an unknown type, refused with {@code FRAME} (RTT-FR-003, RTT-RES-006).
 *
 * <pre>
 *  0               1               2               3
 * |  type = 0x0B  |  flags = 0    |        channel = 0            |
 * |                     sequence = 1                              |
 * |  body: RFC 8785 JSON (ResumeAnswer) …                         |
 * </pre>
 */
public final class ResumeFrame {
  public static final int TYPE = 0x0B;

  /** Its transport frame number: right after the PING of RTT-HS-007 [RTT-RES-006]. */
  public static final long SEQUENCE = 1;

  private ResumeFrame() {}

  /** The frame's plaintext (before encryption). */
  public static byte[] encode(ResumeAnswer answer) {
    byte[] body = answer.encode();
    return ByteBuffer.allocate(8 + body.length)
        .put((byte) TYPE)
        .put((byte) 0)
        .putShort((short) 0)
        .putInt((int) SEQUENCE)
        .put(body)
        .array();
  }

  /** Whether a decrypted transport message is a RESUME (its type byte). */
  public static boolean isResume(ByteBuffer plaintext) {
    return plaintext.remaining() >= 8 && (plaintext.get(plaintext.position()) & 0xFF) == TYPE;
  }

  /**
   * [RTT-RES-006] decodes a RESUME the dialer expects: flags 0, channel 0, sequence 1, a valid
   * body.
   */
  public static ResumeAnswer decode(ByteBuffer plaintext) throws ResumeFormatException {
    ByteBuffer b = plaintext.duplicate();
    if (b.remaining() < 8 || (b.get() & 0xFF) != TYPE) {
      throw new ResumeFormatException("not a RESUME frame");
    }
    int flags = b.get() & 0xFF;
    int channel = b.getShort() & 0xFFFF;
    long sequence = b.getInt() & 0xFFFF_FFFFL;
    if (flags != 0 || channel != 0 || sequence != SEQUENCE) {
      throw new ResumeFormatException(
          "RESUME is frame 1 on channel 0 without flags; got frame "
              + sequence
              + ", channel "
              + channel
              + ", flags "
              + flags);
    }
    byte[] body = new byte[b.remaining()];
    b.get(body);
    return ResumeAnswer.decode(body);
  }
}
