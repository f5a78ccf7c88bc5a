package org.web4.conformance.rtt;

import org.jspecify.annotations.Nullable;

/**
 * Hears everything that crosses one tester connection, in the order the tester's single receive
 * loop sees it (spec/rtt.md §4): what the implementation sends, decrypted and decoded once, and
 * what the tester sends. The wire judge is one; a test that records the tester's bytes is another.
 *
 * <p>Calls about received traffic come from the connection's reader thread, one at a time; calls
 * about sent traffic come from whichever thread sends. An observer must not block and must not
 * throw.
 */
public interface WireObserver {
  /** Who the tester is on a connection. */
  enum Role {
    /** The tester dialled the implementation: the implementation is the responder. */
    INITIATOR,
    /** The implementation dialled the tester: the implementation is the initiator. */
    RESPONDER
  }

  /**
   * One tester connection.
   *
   * @param peerName the tester peer's name in the scenario
   * @param testerRole the tester's handshake role
   * @param number how many connections of this peer name the scenario opened before this one
   */
  record Connection(String peerName, Role testerRole, int number) {
    /** A short label for reports: {@code tester#0 (tester dialled)}. */
    public String label() {
      return peerName
          + "#"
          + number
          + (testerRole == Role.INITIATOR ? " (tester dialled)" : " (implementation dialled)");
    }
  }

  /** Makes the observer of each new tester connection. */
  @FunctionalInterface
  interface Factory {
    WireObserver open(Connection connection);
  }

  /** An observer that ignores everything. */
  WireObserver NONE = new WireObserver() {};

  /**
   * The handshake completed and the transport starts (after message 3).
   *
   * @param peerPayload the implementation's identity payload (spec/rtt.md §3.2)
   */
  default void handshakeCompleted(byte[] peerPayload) {}

  /** A transport message of the implementation that decrypted to a frame. */
  default void frameReceived(RawFrame frame) {}

  /**
   * A transport message of the implementation that is not a frame: it does not authenticate
   * (plaintext null) or its plaintext is shorter than a frame header.
   */
  default void unreadableReceived(byte @Nullable [] plaintext, String detail) {}

  /**
   * A complete message of the implementation: the bodies of its DATA frames on {@code channel} up
   * to the one with FIN, whose sequence number is {@code lastSequence}. Reported right after that
   * frame.
   */
  default void messageReceived(int channel, byte[] message, long lastSequence) {}

  /** The connection ended (FIN, reset, or the tester closed it); nothing more will be reported. */
  default void ended(String how) {}

  /** A handshake message the tester wrote (number 1, 2 or 3) and the payload it carries. */
  default void handshakeSent(int number, byte[] message, byte[] payload) {}

  /** The plaintext of a transport message the tester sent (a frame, or deliberately not one). */
  default void plaintextSent(byte[] plaintext) {}
}
