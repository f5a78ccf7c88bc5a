package org.web4.rtt;

import java.time.Duration;

/**
 * The limit each side offers in its handshake payload and the fixed numbers of RTT 1.0 (spec/rtt.md
 * §7). A receiver enforces the limit it offered; a sender respects the limit its peer offered.
 *
 * @param maxChannels how many channels (the three standard ones included) may be open at once
 */
public record RttLimits(int maxChannels) {
  /** The version string in the prologue and the {@code rtt} member of the payload. */
  public static final String VERSION = "1.0";

  /**
   * The largest message (reassembled DATA), the envelope limit of spec/envelope.md [RTT-LIM-003].
   */
  public static final int MAX_MESSAGE = 1_048_576;

  /**
   * Every channel's send window, in each direction, starts at 1 MiB and never exceeds it
   * [RTT-FLOW-001]: any single message fits in a fresh window.
   */
  public static final long WINDOW = 1_048_576L;

  public static final int MIN_CHANNELS = 3;
  public static final int MAX_CHANNELS = 1024;

  /** Handshake messages 1 to 3 must be complete within 10 s of the TCP accept [RTT-LIM-001]. */
  public static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

  /** At most 64 accepted connections may be in the handshake at once [RTT-LIM-002]. */
  public static final int MAX_UNAUTHENTICATED = 64;

  /**
   * A message unfinished this long after its first DATA frame, while its channel's receive window
   * is not zero, ends the connection with {@code TIMEOUT} [RTT-LIM-004].
   */
  public static final Duration MESSAGE_DEADLINE = Duration.ofSeconds(30);

  /**
   * The bytes of unfinished messages an endpoint holds for all its connections together; the
   * connection holding the most is refused with {@code LIMIT} when a DATA frame would exceed it
   * [RTT-LIM-005].
   */
  public static final long MAX_UNFINISHED_TOTAL = 64L * 1_048_576L;

  /** A PING is sent after 15 s without receiving anything [RTT-HB-001]. */
  public static final Duration PING_AFTER_SILENCE = Duration.ofSeconds(15);

  /** A PING is answered within 5 s [RTT-HB-002]. */
  public static final Duration PONG_WITHIN = Duration.ofSeconds(5);

  /** A peer silent for 45 s is dead [RTT-HB-003]. */
  public static final Duration DEAD_AFTER_SILENCE = Duration.ofSeconds(45);

  /** After GOAWAY the connection is closed within 5 s [RTT-GA-001]. */
  public static final Duration GOAWAY_CLOSE_WITHIN = Duration.ofSeconds(5);

  /** What the reference offers. */
  public static final RttLimits DEFAULT = new RttLimits(64);

  public RttLimits {
    if (maxChannels < MIN_CHANNELS || maxChannels > MAX_CHANNELS) {
      throw new IllegalArgumentException(
          "max_channels must be " + MIN_CHANNELS + " to " + MAX_CHANNELS + ": " + maxChannels);
    }
  }
}
