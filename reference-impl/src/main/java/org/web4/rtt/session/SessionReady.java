package org.web4.rtt.session;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.RttLimits;

/**
 * Holds the application's sends on a resumable connection (RTT 1.1, docs/drafts/rtt-resume.md)
 * until its session has taken it over: linked to its session (so that every message {@code send}
 * accepts is retained and numbered, draft §1) and, on a connection that resumes, until the RESUME
 * frame was handled (so that the retransmission goes first, RTT-RES-004, RTT-RES-008). A connection
 * is listed (HAR-RTT-002) a moment before that: a send in that moment used to go out unretained,
 * and was lost at the next cut (draft §17 item 1). RTT 1.0 connections are ready at once.
 */
final class SessionReady {
  /** How long a send waits at most: the resume's answer comes within a handshake's time. */
  static final Duration WAIT = RttLimits.HANDSHAKE_TIMEOUT;

  private final CountDownLatch ready;

  SessionReady(boolean resumable) {
    this.ready = new CountDownLatch(resumable ? 1 : 0);
  }

  /** The session took the connection over (or the connection closed): sends go ahead. */
  void release() {
    ready.countDown();
  }

  boolean isReady() {
    return ready.getCount() == 0;
  }

  /** Waits (bounded) until the session took the connection over. */
  void await() throws RttTransportException {
    if (isReady()) {
      return;
    }
    try {
      if (!ready.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new RttTransportException(
            ErrorCode.TIMEOUT, "the session did not take the connection over within " + WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RttTransportException(ErrorCode.INTERNAL, "interrupted waiting for the session");
    }
  }
}
