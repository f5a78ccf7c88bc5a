package org.web4.rtt.resume;

/**
 * A resume request that fails check 13 (a {@code HANDSHAKE} refusal, RTT-RES-005) or a RESUME body
 * that is not as docs/drafts/rtt-resume.md §4.2 says (a closing {@code FRAME}, RTT-RES-006).
 */
public final class ResumeFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public ResumeFormatException(String message) {
    super(message);
  }
}
