package org.web4.envelope;

/**
 * The stable error codes of spec/envelope.md [ENV-ERR-002]. A code's meaning never changes; later
 * spec versions only add codes. The wire carries {@link #name()}.
 */
public enum ErrorCode {
  /**
   * Not I-JSON, over a limit, or not the envelope structure (a missing, extra or ill-typed member).
   */
  INVALID_ENVELOPE,
  /**
   * A well-formed protocol version this receiver does not implement (e.g. {@code "cip": "2.0"}).
   */
  UNSUPPORTED_VERSION,
  /** A well-formed {@code type} that the envelope's protocol does not define. */
  UNSUPPORTED_TYPE,
  /** {@code sender.fingerprint} is not the SHA-256 of {@code sender.pubkey}. */
  IDENTITY_MISMATCH,
  /** The signature fails the pinned Ed25519 verification criteria. */
  SIGNATURE_MISMATCH,
  /** {@code timestamp} is more than the accepted skew away from the receiver's clock. */
  TIMESTAMP,
  /** The payload does not conform to the schema of its message type. */
  PAYLOAD_SCHEMA,
  /** The {@code msg_id} was already accepted within the replay window. */
  REPLAY,
  /** The sender's trust state forbids this message. */
  TRUST_VIOLATION,
  /** The human's consent forbids this action. */
  CONSENT,
  /** The receiver is overloaded or the sender is out of credit. */
  BACKPRESSURE,
  /** The message family is not allowed on the channel it arrived on. */
  WRONG_CHANNEL,
  /** The implementation failed; never a verdict on the input. */
  INTERNAL,
  /** RTT: the peer's handshake identity was refused (spec/rtt.md §3). */
  HANDSHAKE,
  /** RTT: a frame that is not as spec/rtt.md §4 defines it, or out of sequence. */
  FRAME,
  /** RTT: a frame for a channel that is not open, or an OPEN or CLOSE that is not allowed. */
  CHANNEL,
  /** RTT: a message or the channel count over the limit the receiver offered. */
  LIMIT,
  /** RTT: the peer stayed silent past the dead-peer timeout. */
  TIMEOUT,
  /** LIP: no source of a LIP_FETCH gave an evidence document (spec/lip.md §4.5). */
  FETCH_FAILED,
  /** LIP: every source of a LIP_FETCH is blocked or redirects to a blocked URI. */
  SOURCE_BLOCKED,
  /**
   * Mesh: a MESH_RELAY whose route record or inner envelope is not acceptable (spec/mesh.md Table
   * 4.3a, steps R1 and R4).
   */
  RELAY,
  /** Mesh: a MESH_RELAY reached its hop limit before its destination (in a MESH_UNDELIVERABLE). */
  HOP_LIMIT,
  /** Mesh: a relay has no route to a MESH_RELAY's destination (in a MESH_UNDELIVERABLE). */
  UNREACHABLE
}
