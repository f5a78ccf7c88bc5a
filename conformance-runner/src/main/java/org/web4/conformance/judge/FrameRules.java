package org.web4.conformance.judge;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.web4.conformance.rtt.RawFrame;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * spec/rtt.md §4.1 Table 4, as a strict receiver applies it to a frame the implementation sent
 * [RTT-FR-001] "Every frame an endpoint sends MUST be encoded as in §4.1 and Table 4": a known
 * type, the flags its type allows, channel 0 where Table 4 says so, and the body its type defines.
 * An ERROR's body is judged by {@link ErrorBodyRules} (RTT-ERR-002). Stateless.
 *
 * <pre>
 * | type     | channel           | flags        | body                               |
 * | OPEN     | the new channel   | 0            | channel name, UTF-8 (§5)           |
 * | OPEN_ACK | the opened one    | 0            | empty                              |
 * | CLOSE    | an open channel   | 0            | empty                              |
 * | DATA     | an open channel   | 0x01 FIN     | 0..65,511 bytes                    |
 * | CREDIT   | an open channel   | 0            | uint32 &gt; 0                         |
 * | ACK      | 0                 | 0            | uint32                             |
 * | PING     | 0                 | 0            | 8 bytes                            |
 * | PONG     | 0                 | 0            | 8 bytes                            |
 * | ERROR    | 0 or the message's| 0x01 CLOSING | RFC 8785 JSON, §4.3                |
 * | GOAWAY   | 0                 | 0            | uint32                             |
 * </pre>
 */
final class FrameRules {
  /** spec/rtt.md §5: a named channel's name. */
  private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private FrameRules() {}

  /** What is wrong with the frame's encoding, if anything. */
  static Optional<String> problem(RawFrame f) {
    Optional<FrameType> known = f.knownType();
    if (known.isEmpty()) {
      return Optional.of(String.format("type 0x%02x is not in Table 4", f.type()));
    }
    FrameType type = known.get();
    int allowedFlags = type == FrameType.DATA || type == FrameType.ERROR ? 0x01 : 0;
    if ((f.flags() & ~allowedFlags) != 0) {
      return Optional.of(
          String.format(
              "flags 0x%02x; Table 4 allows 0x%02x for %s", f.flags(), allowedFlags, type));
    }
    byte[] body = f.body();
    if (body.length > Frame.MAX_BODY) {
      return Optional.of("a body of " + body.length + " bytes; at most " + Frame.MAX_BODY);
    }
    return switch (type) {
      case ACK, GOAWAY -> onControl(f, type).or(() -> uint32(body, type, false));
      case PING, PONG -> onControl(f, type).or(() -> length(body, 8, type));
      case CREDIT -> uint32(body, type, true);
      case OPEN_ACK, CLOSE -> length(body, 0, type);
      case OPEN -> open(f.channel(), body);
      case DATA, ERROR -> Optional.empty();
    };
  }

  private static Optional<String> onControl(RawFrame f, FrameType type) {
    return f.channel() == 0
        ? Optional.empty()
        : Optional.of(type + " on channel " + f.channel() + "; Table 4 puts it on channel 0");
  }

  private static Optional<String> length(byte[] body, int length, FrameType type) {
    return body.length == length
        ? Optional.empty()
        : Optional.of(type + " with a " + body.length + "-byte body; Table 4: " + length);
  }

  private static Optional<String> uint32(byte[] body, FrameType type, boolean positive) {
    if (body.length != 4) {
      return Optional.of(type + " with a " + body.length + "-byte body; Table 4: a uint32");
    }
    boolean zero = body[0] == 0 && body[1] == 0 && body[2] == 0 && body[3] == 0;
    return positive && zero
        ? Optional.of(type + " of 0; Table 4: a uint32 greater than 0")
        : Optional.empty();
  }

  private static Optional<String> open(int channel, byte[] body) {
    if (channel < 3) {
      return Optional.of("OPEN of channel " + channel + "; ids 0-2 are the standard channels");
    }
    String name = new String(body, StandardCharsets.UTF_8);
    return CHANNEL_NAME.matcher(name).matches()
        ? Optional.empty()
        : Optional.of("OPEN with the name \"" + name + "\"; §5: ^[a-z0-9][a-z0-9._-]{0,63}$");
  }
}
