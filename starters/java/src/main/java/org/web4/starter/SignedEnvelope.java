package org.web4.starter;

/**
 * The answer of {@code sign/envelope}: the signed envelope as JSON text (any serialization) and the
 * 64-byte signature its {@code sign.signature} carries.
 */
public final class SignedEnvelope {
  private final byte[] text;
  private final byte[] signature;

  public SignedEnvelope(byte[] text, byte[] signature) {
    this.text = text.clone();
    this.signature = signature.clone();
  }

  public byte[] text() {
    return text.clone();
  }

  public byte[] signature() {
    return signature.clone();
  }
}
