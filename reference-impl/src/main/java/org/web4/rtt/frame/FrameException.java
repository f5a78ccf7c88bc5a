package org.web4.rtt.frame;

/** Bytes that are not a frame (on the wire: an ERROR with code FRAME, then a close). */
public final class FrameException extends Exception {
  private static final long serialVersionUID = 1L;

  public FrameException(String message) {
    super(message);
  }
}
