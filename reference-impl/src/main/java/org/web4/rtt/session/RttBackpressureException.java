package org.web4.rtt.session;

/**
 * RTTBackpressureError of the local API (spec/rtt.md §9): the channel has no credit and its send
 * queue is full, or the channel count is at the limit. Nothing was sent; the caller may retry
 * later.
 */
public final class RttBackpressureException extends Exception {
  private static final long serialVersionUID = 1L;

  public RttBackpressureException(String message) {
    super(message);
  }
}
