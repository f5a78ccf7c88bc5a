package org.web4.conformance.robustness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Unfinished messages pinning memory within the windows: connections that each open up to {@value
 * #CHANNELS} channels and send, on each, a message of 1 MiB − 1 byte without its FIN, until the
 * tester has sent 1 MiB more than the 64 MiB of [RTT-LIM-005] "An endpoint MUST NOT hold more than
 * 67,108,864 bytes of unfinished messages for all its connections together … MUST refuse with
 * {@code LIMIT} (a closing ERROR) the connection that then holds the most": one attack connection
 * must get that ERROR within {@value #REFUSED_WITHIN_SECONDS} s. The process's memory is sampled
 * while the messages are held. Then the connections close and a legitimate peer must be served.
 * (RTT-LIM-004's 30-second deadline is the scenarios' business: it needs the harness's clock, and
 * this attack is over before it.)
 */
final class PinnedMemory extends AttackCheck {
  /** Channels held per connection (the scenario of RTT-LIM-005 uses 40 and 25). */
  static final int CHANNELS = 40;

  static final int MESSAGE = RttLimits.MAX_MESSAGE - 1;

  /** What the tester sends in all: the bound and one message more. */
  static final long TOTAL = RttLimits.MAX_UNFINISHED_TOTAL + RttLimits.MAX_MESSAGE;

  /** How long the ERROR LIMIT may take once the tester holds more than the bound. */
  static final int REFUSED_WITHIN_SECONDS = 10;

  PinnedMemory() {
    super(
        "pinned-memory",
        "unfinished messages of 1 MiB - 1 byte on "
            + CHANNELS
            + " channels per connection until 65 MiB are held; one connection refused with"
            + " LIMIT, then a legitimate peer is served",
        List.of("RTT-LIM-005"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    List<TesterPeer> peers = new ArrayList<>();
    byte[] message = new byte[MESSAGE];
    long sent = 0;
    int refusedWhileSending = 0;
    long lastPing = System.nanoTime();
    try {
      while (sent < TOTAL && peers.size() < 2 * TOTAL / ((long) MESSAGE * 3) + 2) {
        TesterPeer peer =
            TesterPeer.connect(attack.rtt(), attack.transcript(), attack.seed(), "pinning");
        peers.add(peer);
        peer.handshake();
        int channels = Math.min(CHANNELS, peer.peerMaxChannels());
        try {
          for (int i = 0; i < channels && sent < TOTAL; i++) {
            int id = channel(i);
            if (i >= ChannelNames.STANDARD.size()) {
              peer.sendFrame(FrameType.OPEN, 0, id, ("held" + id).getBytes(StandardCharsets.UTF_8));
              peer.channelOpened(id); // its OPEN_ACK is skipped below
            }
            peer.sendMessage(id, message, Frame.MAX_BODY, false);
            sent += MESSAGE;
            lastPing = keepAnswering(peers, lastPing, attack);
          }
        } catch (IOException e) {
          refusedWhileSending++; // the implementation closed it: read what it said below
        }
      }
      attack.note(
          "sent "
              + sent
              + " bytes of unfinished messages on "
              + peers.size()
              + " connections (the bound is "
              + RttLimits.MAX_UNFINISHED_TOTAL
              + ")"
              + (refusedWhileSending > 0
                  ? "; " + refusedWhileSending + " closed while the tester sent"
                  : ""));
      attack.sampleProcess("while the messages are held");
      List<String> seen = new ArrayList<>();
      String refusal = awaitLimit(peers, seen);
      if (refusal.isEmpty()) {
        attack.violation(
            "RTT-LIM-005: no attack connection was refused with a closing ERROR LIMIT within "
                + REFUSED_WITHIN_SECONDS
                + " s of the tester's holding "
                + sent
                + " bytes of unfinished messages"
                + (seen.isEmpty() ? "" : "; instead: " + String.join("; ", seen)));
      } else {
        attack.note(refusal);
      }
    } finally {
      peers.forEach(TesterPeer::close);
    }
  }

  /**
   * A PING on every attack connection once a second while the tester sends: the implementation's
   * PONGs keep each tester receive loop reading (it ends a connection silent for 10 s), however
   * slowly a loaded machine sends the 65 MiB. Holding messages while answering PINGs is the attack.
   */
  private static long keepAnswering(List<TesterPeer> peers, long lastPing, Attack attack) {
    if (System.nanoTime() - lastPing < 1_000_000_000L) {
      return lastPing;
    }
    for (TesterPeer p : peers) {
      try {
        p.sendFrame(FrameType.PING, 0, 0, attack.random().bytes(8));
      } catch (IOException e) {
        // refused already: awaitLimit reads why
      }
    }
    return System.nanoTime();
  }

  /** The channel of the {@code i}-th held message: the standard ones, then even ids from 4. */
  private static int channel(int i) {
    int standard = ChannelNames.STANDARD.size();
    return i < standard ? i : 4 + 2 * (i - standard);
  }

  /**
   * "" when none; else which connection got the ERROR LIMIT. What ended a connection otherwise goes
   * to {@code seen}.
   */
  private static String awaitLimit(List<TesterPeer> peers, List<String> seen)
      throws InterruptedException {
    long until = System.nanoTime() + REFUSED_WITHIN_SECONDS * 1_000_000_000L;
    boolean[] ended = new boolean[peers.size()];
    while (System.nanoTime() < until) {
      boolean any = false;
      for (int i = 0; i < peers.size(); i++) {
        if (ended[i]) {
          continue;
        }
        any = true;
        TesterPeer.Received r = peers.get(i).next(Duration.ofMillis(50));
        RawFrame f = r.frame();
        if (r.kind() == TesterPeer.Received.Kind.CLOSED
            || r.kind() == TesterPeer.Received.Kind.UNREADABLE) {
          ended[i] = true;
          seen.add("connection " + (i + 1) + ": " + r.kind() + " (" + r.detail() + ")");
        } else if (f != null && f.is(FrameType.ERROR)) {
          String code = ErrorBody.decode(f.body()).map(ErrorBody::code).orElse("?");
          if (code.equals("LIMIT")) {
            return "connection "
                + (i + 1)
                + " of "
                + peers.size()
                + " refused with a closing ERROR LIMIT: "
                + f.describe();
          }
          ended[i] = true;
          seen.add("connection " + (i + 1) + ": " + f.describe());
        }
      }
      if (!any) {
        return "";
      }
    }
    return "";
  }
}
