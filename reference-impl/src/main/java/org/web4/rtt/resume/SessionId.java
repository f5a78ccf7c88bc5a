package org.web4.rtt.resume;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/** A 16-byte session id (docs/drafts/rtt-resume.md §2.2), comparable as a map key. */
public final class SessionId {
  private final byte[] bytes;

  public SessionId(byte[] bytes) {
    if (bytes.length != SessionKeys.SESSION_ID_LENGTH) {
      throw new IllegalArgumentException("a session id is 16 bytes, not " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  /** Padded base64 (RFC 4648 §4), the form of the {@code session} member. */
  public String base64() {
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(bytes);
  }
}
