package org.web4.conformance.robustness;

import java.time.Duration;
import java.util.List;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * Transport messages shorter than the AES-GCM tag: on {@value #SHORTEST_LONG_ENOUGH} connections,
 * after a completed handshake, one transport message of 0, 1, … 15 random bytes (a length prefix
 * and that many bytes from the run's seed). None can authenticate: [RTT-FR-004] "A receiver MUST
 * refuse with {@code FRAME} a transport message that fails authentication" — a closing ERROR {@code
 * FRAME} within {@value #REFUSED_WITHIN_SECONDS} s on each. Then a legitimate peer must be served.
 */
final class ShortTransportMessages extends AttackCheck {
  /** The GCM tag's length: every shorter transport message is one connection of the attack. */
  static final int SHORTEST_LONG_ENOUGH = 16;

  static final int REFUSED_WITHIN_SECONDS = 10;

  ShortTransportMessages() {
    super(
        "short-transport-messages",
        "transport messages of 0 to 15 bytes (shorter than the GCM tag) after a handshake; each"
            + " refused with FRAME, then a legitimate peer is served",
        List.of("RTT-FR-004"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    StringBuilder wrong = new StringBuilder();
    int refused = 0;
    for (int length = 0; length < SHORTEST_LONG_ENOUGH; length++) {
      try (TesterPeer peer =
          TesterPeer.connect(attack.rtt(), attack.transcript(), attack.seed(), "short")) {
        peer.handshake();
        byte[] message = new byte[2 + length];
        message[1] = (byte) length;
        System.arraycopy(attack.random().bytes(length), 0, message, 2, length);
        peer.sendRaw(message, "a transport message of " + length + " bytes");
        String answer = awaitFrameError(peer);
        if (answer.isEmpty()) {
          refused++;
        } else {
          wrong.append(wrong.length() == 0 ? "" : "; ").append(length).append(" bytes: ");
          wrong.append(answer);
        }
      }
    }
    attack.note(
        refused
            + " of "
            + SHORTEST_LONG_ENOUGH
            + " transport messages of 0-15 bytes refused with a closing ERROR FRAME");
    if (refused < SHORTEST_LONG_ENOUGH) {
      attack.violation("RTT-FR-004: " + wrong);
    }
  }

  /** "" for a closing ERROR FRAME; else what came. Frames before it (CREDIT) are skipped. */
  private static String awaitFrameError(TesterPeer peer) throws InterruptedException {
    long until = System.nanoTime() + REFUSED_WITHIN_SECONDS * 1_000_000_000L;
    while (System.nanoTime() < until) {
      TesterPeer.Received r = peer.next(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
      RawFrame f = r.frame();
      if (f == null) {
        return r.kind() + " (" + r.detail() + ") instead of ERROR FRAME";
      }
      if (f.is(FrameType.ERROR)) {
        String code = ErrorBody.decode(f.body()).map(ErrorBody::code).orElse("?");
        return code.equals("FRAME") && (f.flags() & 0x01) != 0 ? "" : f.describe();
      }
    }
    return "nothing within " + REFUSED_WITHIN_SECONDS + " s";
  }
}
