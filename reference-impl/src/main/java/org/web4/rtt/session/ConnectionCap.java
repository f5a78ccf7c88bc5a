package org.web4.rtt.session;

import java.util.Collection;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.CipherState;

/**
 * At most 4,096 established connections per responder [RTT-LIM-010] (spec/rtt.md §7, docs/adr/1207
 * §2): a handshake that completes while 4,096 are established is refused as RTT-HS-005 refuses one,
 * with a closing ERROR {@code HANDSHAKE} as transport frame 0; the 4,096 are served as before.
 * Counted for the whole endpoint, not per source.
 */
final class ConnectionCap {
  /** Established connections a responder serves at once [RTT-LIM-010]. */
  static final int MAX_ESTABLISHED = 4096;

  private final boolean unlimited;

  /**
   * @param unlimited true for {@code Deviation.NO_CONNECTION_CAP} (testing the kit only): every
   *     handshake is served (breaks RTT-LIM-010)
   */
  ConnectionCap(boolean unlimited) {
    this.unlimited = unlimited;
  }

  /** Whether a further accepted connection must be refused, given the established ones. */
  boolean full(Collection<RttConnection> established) {
    if (unlimited) {
      return false;
    }
    long open = established.stream().filter(c -> c.state() != RttConnection.State.CLOSED).count();
    return open >= MAX_ESTABLISHED;
  }

  /**
   * The refusal, transport frame 0: a closing ERROR HANDSHAKE naming the limit, as RTT-HS-005
   * refuses; null when it cannot be encrypted (the socket then closes without it).
   */
  static byte @Nullable [] refusal(CipherState sender) {
    String text = MAX_ESTABLISHED + " connections are established [RTT-LIM-010]";
    return RttHandshake.closingError(sender, ErrorCode.HANDSHAKE, null, text);
  }
}
