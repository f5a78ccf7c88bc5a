package org.web4.rtt.handshake;

/**
 * The RTT handshake failed or the peer was refused (spec/rtt.md §3.3, §3.4); {@link #reason()} says
 * why.
 */
public final class RttHandshakeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the peer was refused. */
  public enum Reason {
    /** A handshake message failed Noise processing (length, key, authentication tag). */
    NOISE,
    /** The payload is not the identity payload (not I-JSON, members missing or ill-typed). */
    MALFORMED,
    /** No RTT version in common. */
    VERSION,
    /** The binding signature does not tie the identity key to the peer's Noise static key. */
    BINDING,
    /** The identity is not the one the dialer expected. */
    UNEXPECTED_PEER,
    /** The responder refused this initiator: its first transport frame is an ERROR [RTT-HS-008]. */
    REFUSED_BY_PEER,
    /**
     * The responder's first transport frame did not come: the connection ended first, or the
     * handshake timeout passed [RTT-HS-008].
     */
    NO_CONFIRMATION,
    /** The responder's first transport message is not a frame (RTT-FR-003, RTT-FR-004). */
    FRAME
  }

  private final Reason reason;

  public RttHandshakeException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
