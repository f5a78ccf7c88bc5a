package org.web4.starter;

import java.time.Instant;

/**
 * An envelope of a {@code verify/envelope} request with the receiver clock to validate it at; the
 * harness has checked that {@code now} was a valid timestamp (spec/envelope.md ENV-TIME-001).
 */
public final class TimedEnvelope {
  private final byte[] text;
  private final Instant now;

  public TimedEnvelope(byte[] text, Instant now) {
    this.text = text.clone();
    this.now = now;
  }

  /** The envelope text, as sent: it may be anything, even not JSON. */
  public byte[] text() {
    return text.clone();
  }

  public Instant now() {
    return now;
  }
}
