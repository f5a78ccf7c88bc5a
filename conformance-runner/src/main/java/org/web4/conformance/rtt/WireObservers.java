package org.web4.conformance.rtt;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** Several observers of one connection, told in order. */
final class WireObservers implements WireObserver {
  private final List<WireObserver> all;

  WireObservers(List<WireObserver> all) {
    this.all = List.copyOf(all);
  }

  @Override
  public void handshakeCompleted(byte[] peerPayload) {
    all.forEach(o -> o.handshakeCompleted(peerPayload));
  }

  @Override
  public void frameReceived(RawFrame frame) {
    all.forEach(o -> o.frameReceived(frame));
  }

  @Override
  public void unreadableReceived(byte @Nullable [] plaintext, String detail) {
    all.forEach(o -> o.unreadableReceived(plaintext, detail));
  }

  @Override
  public void messageReceived(int channel, byte[] message, long lastSequence) {
    all.forEach(o -> o.messageReceived(channel, message, lastSequence));
  }

  @Override
  public void ended(String how) {
    all.forEach(o -> o.ended(how));
  }

  @Override
  public void handshakeSent(int number, byte[] message, byte[] payload) {
    all.forEach(o -> o.handshakeSent(number, message, payload));
  }

  @Override
  public void plaintextSent(byte[] plaintext) {
    all.forEach(o -> o.plaintextSent(plaintext));
  }
}
