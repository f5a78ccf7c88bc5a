package org.web4.starter;

/** The answer of {@code sign/raw}: a 32-byte Ed25519 public key and a 64-byte signature. */
public final class RawSignature {
  private final byte[] publicKey;
  private final byte[] signature;

  public RawSignature(byte[] publicKey, byte[] signature) {
    this.publicKey = publicKey.clone();
    this.signature = signature.clone();
  }

  public byte[] publicKey() {
    return publicKey.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }
}
