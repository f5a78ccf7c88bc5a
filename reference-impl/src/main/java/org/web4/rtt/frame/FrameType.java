package org.web4.rtt.frame;

import java.util.Optional;

/** The RTT frame types and their codes (spec/rtt.md §4, draft). */
public enum FrameType {
  OPEN(0x01),
  OPEN_ACK(0x02),
  CLOSE(0x03),
  DATA(0x04),
  CREDIT(0x05),
  ACK(0x06),
  PING(0x07),
  PONG(0x08),
  ERROR(0x09),
  GOAWAY(0x0A);

  private final int code;

  FrameType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  public static Optional<FrameType> ofCode(int code) {
    for (FrameType t : values()) {
      if (t.code == code) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
