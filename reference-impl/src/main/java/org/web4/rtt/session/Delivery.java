package org.web4.rtt.session;

import org.web4.rtt.frame.ErrorBody;

/** What {@link RttConnection#receive} hands the application: a message or a peer's refusal. */
public sealed interface Delivery permits Delivery.Message, Delivery.PeerError {

  /** A reassembled DATA message. */
  final class Message implements Delivery {
    private final byte[] bytes;
    private final int credit;

    /**
     * @param credit the bytes of credit returned when the application takes the message (those of
     *     its last fragment; earlier fragments returned theirs on arrival)
     */
    Message(byte[] bytes, int credit) {
      this.bytes = bytes.clone();
      this.credit = credit;
    }

    int credit() {
      return credit;
    }

    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** A non-closing ERROR frame the peer sent on this channel (a refused message). */
  record PeerError(ErrorBody error) implements Delivery {}
}
