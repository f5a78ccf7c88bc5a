package org.web4.starter;

/**
 * The implementation's own agent identity for {@code info} (spec/harness.md HAR-INFO-002): its
 * {@code agent_id} and the 32 raw bytes of its Ed25519 public key.
 */
public final class AgentIdentity {
  private final String agentId;
  private final byte[] publicKey;

  public AgentIdentity(String agentId, byte[] publicKey) {
    if (publicKey.length != 32) {
      throw new IllegalArgumentException(
          "an Ed25519 public key is 32 bytes, not " + publicKey.length);
    }
    this.agentId = agentId;
    this.publicKey = publicKey.clone();
  }

  public String agentId() {
    return agentId;
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }
}
