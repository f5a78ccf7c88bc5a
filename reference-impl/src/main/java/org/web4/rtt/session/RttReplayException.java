package org.web4.rtt.session;

import org.web4.rtt.frame.ErrorBody;

/**
 * RTTReplayError of the local API (spec/rtt.md §9): the peer reported that a message this side sent
 * on the channel repeats a {@code msg_id} it has already accepted.
 */
public final class RttReplayException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorBody report;

  public RttReplayException(ErrorBody report) {
    super("the peer refused msg_id " + report.msgId() + " as a replay: " + report.text());
    this.report = report;
  }

  public ErrorBody report() {
    return report;
  }
}
