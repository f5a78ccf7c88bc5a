package org.web4.rtt.session;

import org.web4.rtt.frame.ErrorBody;

/** What {@link RttConnection#receive} hands the application: a message or a peer's refusal. */
public sealed interface Delivery permits Delivery.Message, Delivery.PeerError {

  /** A reassembled DATA message. */
  final class Message implements Delivery {
    private final byte[] bytes;

    /**
     * Its credit (its size) returns when the application takes it (rtt.md RTT-FLOW-002).
     *
     * @param bytes the reassembled message, which nothing else holds (not copied)
     */
    Message(byte[] bytes) {
      this.bytes = bytes;
    }

    int size() {
      return bytes.length;
    }

    /** A copy: the application's own. */
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** A non-closing ERROR frame the peer sent on this channel (a refused message). */
  record PeerError(ErrorBody error) implements Delivery {}
}
