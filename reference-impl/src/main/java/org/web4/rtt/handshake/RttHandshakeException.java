package org.web4.rtt.handshake;

/**
 * The peer's handshake identity was refused (spec/rtt.md §2, draft); {@link #reason()} says why.
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
    UNEXPECTED_PEER
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
