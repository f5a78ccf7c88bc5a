package org.web4.rtt.session;

import java.util.Collection;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;

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

  /** The refusal, transport frame 0: a closing ERROR HANDSHAKE naming the limit [RTT-HS-005]. */
  static byte[] refusal(CipherState sender) throws NoiseException {
    String text = MAX_ESTABLISHED + " connections are established [RTT-LIM-010]";
    byte[] body = new ErrorBody(ErrorCode.HANDSHAKE.name(), null, null, text).encode();
    Frame frame = new Frame(FrameType.ERROR, RttConnection.FLAG_CLOSING, 0, 0, body);
    return sender.encryptWithAd(new byte[0], FrameCodec.encode(frame));
  }
}
