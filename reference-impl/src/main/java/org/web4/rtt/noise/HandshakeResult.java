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
  private final byte[] chainingKey;

  HandshakeResult(
      CipherState sender,
      CipherState receiver,
      byte[] handshakeHash,
      byte @Nullable [] remoteStatic,
      byte[] chainingKey) {
    this.sender = sender;
    this.receiver = receiver;
    this.handshakeHash = handshakeHash.clone();
    this.remoteStatic = remoteStatic == null ? null : remoteStatic.clone();
    this.chainingKey = chainingKey;
  }

  /**
   * The final chaining key {@code ck} (Noise rev. 34 §5.2) as it stood before {@code Split()}: the
   * key material of the RTT 1.1 session keys (docs/drafts/rtt-resume.md §2.2, RTT-RES-002). A copy;
   * {@link #wipeChainingKey} erases this result's own once the session keys are derived.
   */
  public byte[] chainingKey() {
    return chainingKey.clone();
  }

  /** Erases the chaining key kept for the session keys (ADR 0401: secrets do not linger). */
  public void wipeChainingKey() {
    java.util.Arrays.fill(chainingKey, (byte) 0);
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
