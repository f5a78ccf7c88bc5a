package org.web4.cip;

import org.jspecify.annotations.Nullable;
import org.web4.rtt.session.RttConnection;

/**
 * The CIP state of one RTT session (spec/cip.md §4.2): of one RTT 1.0 connection, or of an RTT 1.1
 * session across its connections — a resumed session carries it on [RTT-RES-016] ({@link
 * CipSessions}). Guarded by the runtime's lock.
 */
final class CipSession {
  /** Where the handshake is. */
  enum Phase {
    /** Responder: waiting for the initiator's HELLO. */
    AWAIT_HELLO,
    /** Initiator: sent HELLO, waiting for the responder's. */
    AWAIT_RESPONDER_HELLO,
    /** Responder: answered HELLO, waiting for VERIFY. */
    AWAIT_VERIFY,
    ESTABLISHED
  }

  /** The connection that carries the session now (another one after a resume [RTT-RES-016]). */
  volatile RttConnection connection;

  final boolean initiator;
  final String peerFingerprint;
  final String peerAgentId;
  final byte[] ownNonce;
  final byte[] ownChallenge;
  byte @Nullable [] peerNonce;
  Phase phase;

  /** When the handshake completed, as the runtime numbers completions (0 before). */
  long establishedOrder;

  /** The peer's view of this agent, from the {@code trust} block of its last envelope. */
  String peerView = "unknown";

  /** What the peer last said about its own load (STATE_UPDATE). */
  @Nullable String peerPresence;

  int peerLri = -1;

  /** Whether the peer's HELLO carried {@code features.supports_mesh} true (spec/mesh.md §4.1). */
  boolean peerSupportsMesh;

  CipSession(RttConnection connection, boolean initiator, byte[] ownNonce, byte[] ownChallenge) {
    this.connection = connection;
    this.initiator = initiator;
    this.peerFingerprint = connection.peer().key().fingerprint();
    this.peerAgentId = connection.peer().agentId();
    this.ownNonce = ownNonce.clone();
    this.ownChallenge = ownChallenge.clone();
    this.phase = initiator ? Phase.AWAIT_RESPONDER_HELLO : Phase.AWAIT_HELLO;
  }

  boolean established() {
    return phase == Phase.ESTABLISHED;
  }
}
