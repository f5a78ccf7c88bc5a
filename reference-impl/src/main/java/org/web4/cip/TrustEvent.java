package org.web4.cip;

import java.util.Locale;

/**
 * What moves a peer's trust state (spec/cip.md §4.4, the events table, and the two events
 * spec/mesh.md §4.6 adds to it).
 */
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
  ANOMALY,
  /**
   * A MESH_VOUCH with view {@code trusted} from a trusted neighbour about an unknown peer
   * (spec/mesh.md §4.6). Does not make the peer known.
   */
  VOUCH,
  /**
   * 3,600 s since a vouch moved the peer to {@code probing}, with nothing else about it since
   * (spec/mesh.md §4.6). Does not make the peer known.
   */
  DECAY;

  /**
   * Whether the event makes its peer known (spec/mesh.md §4.6: "a vouch and its decay do not
   * count").
   */
  public boolean makesKnown() {
    return this != VOUCH && this != DECAY;
  }

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
