package org.web4.rtt.session;

import org.web4.envelope.ErrorCode;

/**
 * RTTTransportError of the local API (spec/rtt.md §9): the connection failed or is closed. {@link
 * #code()} is the error code that ended it, when one did.
 */
public class RttTransportException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public RttTransportException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
