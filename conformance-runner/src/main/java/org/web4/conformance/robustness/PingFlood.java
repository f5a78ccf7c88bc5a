package org.web4.conformance.robustness;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * A PING flood: after a completed handshake, {@value #PINGS} PINGs back to back on one connection,
 * without waiting for a PONG. [RTT-LIM-007] allows 1,000 PINGs per period of 10 s and refuses the
 * next with a closing ERROR {@code LIMIT}: at most {@value #ALLOWED} PONGs, then that ERROR within
 * {@value #REFUSED_WITHIN_SECONDS} s of the last PING sent. (The PINGs leave on loopback in well
 * under a second; a target the tester reaches more slowly may spread them over more than one
 * period, and is then refused later or not at all — the check says which.) Then a legitimate peer
 * must be served: one connection flooding PINGs must not take the endpoint's CPU from the others.
 */
final class PingFlood extends AttackCheck {
  static final int PINGS = 2_000;

  /** RTT-LIM-007's number: PINGs a period may carry. */
  static final int ALLOWED = 1_000;

  static final int REFUSED_WITHIN_SECONDS = 10;

  PingFlood() {
    super(
        "ping-flood",
        PINGS
            + " PINGs back to back on one connection; at most "
            + ALLOWED
            + " answered, then a closing ERROR LIMIT, then a legitimate peer is served",
        List.of("RTT-LIM-007", "RTT-ERR-001"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    try (TesterPeer peer =
        TesterPeer.connect(attack.rtt(), attack.transcript(), attack.seed(), "ping-flood")) {
      peer.handshake();
      long first = ByteBuffer.wrap(attack.random().bytes(8)).getLong(); // from the run's seed
      long start = System.nanoTime();
      int sent = 0;
      for (; sent < PINGS; sent++) {
        try {
          peer.sendFrame(FrameType.PING, 0, 0, opaque(first + sent));
        } catch (java.io.IOException e) {
          break; // refused and closed while the flood was still going out
        }
      }
      long sendingMillis = (System.nanoTime() - start) / 1_000_000;
      int pongs = 0;
      String end = "nothing within " + REFUSED_WITHIN_SECONDS + " s of the last PING";
      boolean refusedWithLimit = false;
      long until = System.nanoTime() + REFUSED_WITHIN_SECONDS * 1_000_000_000L;
      while (System.nanoTime() < until) {
        TesterPeer.Received r = peer.next(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
        RawFrame f = r.frame();
        if (f == null) {
          end = r.kind() + " (" + r.detail() + ")";
          break;
        }
        if (f.is(FrameType.PONG)) {
          pongs++;
        } else if (f.is(FrameType.ERROR)) {
          String code = ErrorBody.decode(f.body()).map(ErrorBody::code).orElse("?");
          refusedWithLimit = code.equals("LIMIT") && (f.flags() & 0x01) != 0;
          end = f.describe();
          break;
        }
      }
      attack.note(
          sent
              + " PINGs sent in "
              + sendingMillis
              + " ms; "
              + pongs
              + " PONGs; then "
              + (refusedWithLimit ? "a closing ERROR LIMIT" : end));
      if (!refusedWithLimit || pongs > ALLOWED) {
        attack.violation(
            "RTT-LIM-007: at most "
                + ALLOWED
                + " PONGs, then a closing ERROR LIMIT; got "
                + pongs
                + " PONGs, then "
                + end);
      }
    }
  }

  private static byte[] opaque(long n) {
    return ByteBuffer.allocate(8).putLong(n).array();
  }
}
