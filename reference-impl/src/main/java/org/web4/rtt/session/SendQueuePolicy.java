package org.web4.rtt.session;

import java.time.Duration;
import java.util.Locale;

/**
 * What {@link RttConnection#send} does when a channel's send queue is full (spec/rtt.md §9.1,
 * docs/adr/1402): the queue is the channel's messages whose FIN DATA frame is not produced yet and
 * their bytes not yet in a DATA frame (the count of harness.md HAR-RTT-003), and it is full when
 * one more message would take it over {@code maxMessages} messages or {@code maxBytes} bytes.
 *
 * @param kind what a send into a full queue does
 * @param maxMessages messages a channel's queue may hold, 1 … 65,536
 * @param maxBytes bytes a channel's queue may hold, 1 … 1,073,741,824
 * @param blockTimeout how long {@link Kind#BLOCK} waits for room (real time), 0 … 60 s
 */
public record SendQueuePolicy(Kind kind, int maxMessages, long maxBytes, Duration blockTimeout) {
  /** The policies of spec/rtt.md §9.1. */
  public enum Kind {
    /** Refuse the new message with {@link RttBackpressureException} [RTT-BP-001]. */
    ERROR,
    /** Discard queued messages of which no byte is framed yet, oldest first [RTT-BP-003]. */
    DROP_OLDEST,
    /** Discard the new message, quietly [RTT-BP-002]. */
    DROP_NEWEST,
    /** Wait for room up to the timeout, then refuse as {@link #ERROR} [RTT-BP-004]. */
    BLOCK;

    /** The name the harness uses: {@code error}, {@code drop_oldest}, … */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Kind of(String label) {
      return valueOf(label.toUpperCase(Locale.ROOT));
    }
  }

  public static final int MAX_MESSAGES = 65_536;
  public static final long MAX_BYTES = 1L << 30;
  public static final Duration MAX_BLOCK = Duration.ofSeconds(60);

  /**
   * The reference's default, unchanged since RTT 1.0: {@code error} at 64 messages per channel (64
   * messages of at most 1 MiB each never exceed 64 MiB, so the byte limit adds nothing).
   */
  public static final SendQueuePolicy DEFAULT =
      new SendQueuePolicy(Kind.ERROR, 64, 64L << 20, Duration.ZERO);

  public SendQueuePolicy {
    if (maxMessages < 1 || maxMessages > MAX_MESSAGES) {
      throw new IllegalArgumentException("max_messages out of 1 … 65536: " + maxMessages);
    }
    if (maxBytes < 1 || maxBytes > MAX_BYTES) {
      throw new IllegalArgumentException("max_bytes out of 1 … 2^30: " + maxBytes);
    }
    if (blockTimeout.isNegative() || blockTimeout.compareTo(MAX_BLOCK) > 0) {
      throw new IllegalArgumentException("block timeout out of 0 … 60 s: " + blockTimeout);
    }
  }
}
