package org.web4.rtt.session;

/**
 * How much of what the application handed to {@link RttConnection#send} is still waiting for the
 * peer's credit [HAR-RTT-003]: the messages whose last DATA frame has not been produced yet, and
 * their bytes not yet put in a DATA frame.
 *
 * @param messages messages accepted for sending whose FIN DATA frame is not produced yet
 * @param bytes their bytes not yet carried by a DATA frame
 */
public record SendQueueDepth(int messages, long bytes) {
  /** Nothing waiting. */
  public static final SendQueueDepth EMPTY = new SendQueueDepth(0, 0);

  public SendQueueDepth {
    if (messages < 0 || bytes < 0) {
      throw new IllegalArgumentException(
          "a queue depth is not negative: " + messages + ", " + bytes);
    }
  }
}
