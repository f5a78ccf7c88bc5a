package org.web4.cip;

import java.util.Locale;

/** What moves a peer's trust state (spec/cip.md §4.4, the events table). */
public enum TrustEvent {
  /** A CIP handshake with the peer completed. */
  HANDSHAKE,
  /** A fact the peer proposed was accepted. */
  VERIFIED,
  /** A trusted peer challenged one of the peer's facts with reason {@code conflict}. */
  CONFLICT,
  /** The third rejected fact of the peer in a row. */
  UNVERIFIABLE,
  /** A signature of the peer's that does not verify. */
  BAD_SIGNATURE,
  /** An identity that does not match (impersonation). */
  MALICIOUS,
  /** The peer's RTT connection ended with TIMEOUT. */
  ANOMALY;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
