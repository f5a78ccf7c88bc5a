package org.web4.conformance.rtt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import org.web4.rtt.frame.FrameType;

/**
 * A frame as the tester sees it: decoded without judging it, so that an implementation that sends
 * an unknown type or a malformed body is reported, not crashed on (spec/rtt.md §4).
 */
public final class RawFrame {
  private final int type;
  private final int flags;
  private final int channel;
  private final long sequence;
  private final byte[] body;

  public RawFrame(int type, int flags, int channel, long sequence, byte[] body) {
    this.type = type;
    this.flags = flags;
    this.channel = channel;
    this.sequence = sequence;
    this.body = body.clone();
  }

  /** Splits a transport plaintext into header and body; null when it is shorter than a header. */
  public static Optional<RawFrame> decode(byte[] plaintext) {
    if (plaintext.length < 8) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(plaintext);
    return Optional.of(
        new RawFrame(
            b.get() & 0xFF,
            b.get() & 0xFF,
            b.getShort() & 0xFFFF,
            b.getInt() & 0xFFFF_FFFFL,
            Arrays.copyOfRange(plaintext, 8, plaintext.length)));
  }

  /** The plaintext of a frame with these fields (any values, for misbehaviour). */
  public static byte[] encode(int type, int flags, int channel, long sequence, byte[] body) {
    return ByteBuffer.allocate(8 + body.length)
        .put((byte) type)
        .put((byte) flags)
        .putShort((short) channel)
        .putInt((int) sequence)
        .put(body)
        .array();
  }

  public int type() {
    return type;
  }

  public Optional<FrameType> knownType() {
    return FrameType.ofCode(type);
  }

  public boolean is(FrameType t) {
    return type == t.code();
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

  /** The body as a uint32, for CREDIT, ACK and GOAWAY. */
  public long bodyUint32() {
    return body.length == 4 ? ByteBuffer.wrap(body).getInt() & 0xFFFF_FFFFL : -1;
  }

  /** One transcript line: type, flags, channel, sequence and a readable body. */
  public String describe() {
    String name = knownType().map(Enum::name).orElse(String.format("0x%02x", type));
    String shown;
    if (is(FrameType.ERROR) || is(FrameType.OPEN)) {
      shown = new String(body, StandardCharsets.UTF_8);
    } else if (body.length == 4
        && (is(FrameType.CREDIT) || is(FrameType.ACK) || is(FrameType.GOAWAY))) {
      shown = Long.toString(bodyUint32());
    } else if (body.length <= 32) {
      shown = HexFormat.of().formatHex(body);
    } else {
      shown = body.length + " bytes";
    }
    return name
        + " flags=0x"
        + String.format("%02x", flags)
        + " ch="
        + channel
        + " seq="
        + sequence
        + (shown.isEmpty()
            ? ""
            : " " + (shown.length() > 300 ? shown.substring(0, 300) + "…" : shown));
  }
}
