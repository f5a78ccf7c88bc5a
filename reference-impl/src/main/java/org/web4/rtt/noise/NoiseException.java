package org.web4.rtt.noise;

/** A Noise handshake or transport failure; {@link #reason()} says which rule was broken. */
public final class NoiseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Reason {
    /** A message was written or read when it was the other side's turn, or after the handshake. */
    OUT_OF_TURN,
    /** Authentication of a ciphertext failed: tampered, truncated or from another session. */
    DECRYPT_FAILED,
    /** A message or payload is longer than the 65535 bytes Noise allows. */
    MESSAGE_TOO_LONG,
    /** A cipher state used all its nonces (2^64 − 1 is reserved). */
    NONCE_EXHAUSTED,
    /** A Diffie-Hellman result was all zeros (a low-order public key). */
    BAD_KEY,
    /** A message is shorter than its tokens require. */
    TRUNCATED,
    /** The handshake failed earlier; the state refuses everything. */
    FAILED
  }

  private final Reason reason;

  public NoiseException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
