package org.web4.rtt.noise;

import org.jspecify.annotations.Nullable;

/**
 * What a finished handshake gives one side: a cipher state to send with, one to receive with, the
 * handshake hash (channel binding) and the peer's static key (patterns that transmit it).
 */
public final class HandshakeResult {
  private final CipherState sender;
  private final CipherState receiver;
  private final byte[] handshakeHash;
  private final byte @Nullable [] remoteStatic;

  HandshakeResult(
      CipherState sender,
      CipherState receiver,
      byte[] handshakeHash,
      byte @Nullable [] remoteStatic) {
    this.sender = sender;
    this.receiver = receiver;
    this.handshakeHash = handshakeHash.clone();
    this.remoteStatic = remoteStatic == null ? null : remoteStatic.clone();
  }

  public CipherState sender() {
    return sender;
  }

  public CipherState receiver() {
    return receiver;
  }

  public byte[] handshakeHash() {
    return handshakeHash.clone();
  }

  public byte @Nullable [] remoteStatic() {
    return remoteStatic == null ? null : remoteStatic.clone();
  }
}
