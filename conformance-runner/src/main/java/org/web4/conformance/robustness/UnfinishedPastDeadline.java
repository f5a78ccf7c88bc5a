package org.web4.conformance.robustness;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Unfinished messages held past their deadline (issue 20: "no deadline for finishing a message"):
 * {@value #CONNECTIONS} connections each start a message of {@value #BYTES} bytes on every standard
 * channel and never finish it, answering the implementation's PINGs. The implementation's clock is
 * moved through the harness (16 s, the PINGs answered, then 15 s: 31 s after the first DATA frames,
 * as the RTT-LIM-004 scenario does) instead of waiting 30 s of real time. [RTT-LIM-004] each
 * connection must then be refused with a closing ERROR TIMEOUT naming no frame, within {@value
 * #REFUSED_WITHIN_SECONDS} s. Nothing here depends on timing: a PING round trip on every connection
 * before the clock moves (the DATA frames are handled), and generous waits for the answers.
 */
final class UnfinishedPastDeadline extends AttackCheck {
  static final int CONNECTIONS = 8;
  static final int BYTES = 1000;
  static final int REFUSED_WITHIN_SECONDS = 10;
  private static final Duration ANSWER = Duration.ofSeconds(10);

  UnfinishedPastDeadline() {
    super(
        "unfinished-past-deadline",
        CONNECTIONS
            + " connections holding unfinished messages on every standard channel past the 30 s"
            + " of the implementation's clock (moved through the harness); each refused with"
            + " TIMEOUT",
        List.of("RTT-LIM-004"),
        true);
  }

  @Override
  void attack(Attack attack) throws Exception {
    List<TesterPeer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < CONNECTIONS; i++) {
        TesterPeer peer =
            TesterPeer.connect(attack.rtt(), attack.transcript(), attack.seed(), "unfinished-" + i);
        peers.add(peer);
        peer.waitForeverToRead(); // the implementation's clock moves; the tester's reader waits
        peer.handshake();
        for (int channel = 0; channel < ChannelNames.STANDARD.size(); channel++) {
          peer.sendMessage(channel, new byte[BYTES], Frame.MAX_BODY, false);
        }
      }
      // the barrier: every DATA frame is handled before the clock moves
      for (TesterPeer peer : peers) {
        roundTrip(peer, attack);
      }
      attack.harness().advanceClock(16);
      for (TesterPeer peer : peers) {
        roundTrip(peer, attack); // answers the implementation's PING of the quiet 16 s on the way
      }
      attack.harness().advanceClock(15);
      attack.sampleProcess("31 s of the implementation's clock after the unfinished messages");
      String[] answers = awaitTimeouts(peers);
      int refused = 0;
      List<String> otherwise = new ArrayList<>();
      for (int i = 0; i < answers.length; i++) {
        if (answers[i].isEmpty()) {
          refused++;
        } else {
          otherwise.add("connection " + (i + 1) + ": " + answers[i]);
        }
      }
      attack.note(
          CONNECTIONS
              + " connections held "
              + ChannelNames.STANDARD.size()
              + " unfinished messages of "
              + BYTES
              + " bytes each; after 31 s of the implementation's clock "
              + refused
              + " refused with a closing ERROR TIMEOUT");
      if (refused < peers.size()) {
        attack.violation(
            "RTT-LIM-004: a connection whose message is unfinished 30 s after its first DATA frame"
                + " must be refused with TIMEOUT naming no frame; "
                + String.join("; ", otherwise));
      }
    } finally {
      peers.forEach(TesterPeer::close);
    }
  }

  /** A PING of the tester's and its PONG; any PING of the implementation's answered meanwhile. */
  private static void roundTrip(TesterPeer peer, Attack attack)
      throws IOException, InterruptedException {
    byte[] ping = attack.random().bytes(8);
    peer.sendFrame(FrameType.PING, 0, 0, ping);
    long until = System.nanoTime() + ANSWER.toNanos();
    while (System.nanoTime() < until) {
      RawFrame f = peer.next(Duration.ofMillis(200)).frame();
      if (f == null) {
        continue;
      }
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), ping)) {
        return;
      }
      if (f.is(FrameType.PING)) {
        peer.sendFrame(FrameType.PONG, 0, 0, f.body());
      }
    }
  }

  /**
   * For each connection, "" when its closing ERROR TIMEOUT naming no frame came; else what came
   * instead. All wait together, {@value #REFUSED_WITHIN_SECONDS} s at most.
   */
  private static String[] awaitTimeouts(List<TesterPeer> peers) throws InterruptedException {
    String[] answers = new String[peers.size()];
    boolean[] done = new boolean[peers.size()];
    long until = System.nanoTime() + REFUSED_WITHIN_SECONDS * 1_000_000_000L;
    int pending = peers.size();
    while (pending > 0 && System.nanoTime() < until) {
      for (int i = 0; i < peers.size(); i++) {
        if (done[i]) {
          continue;
        }
        Optional<String> answer = answer(peers.get(i));
        if (answer.isPresent()) {
          answers[i] = answer.get();
          done[i] = true;
          pending--;
        }
      }
    }
    for (int i = 0; i < peers.size(); i++) {
      if (!done[i]) {
        answers[i] = "still open, no ERROR TIMEOUT within " + REFUSED_WITHIN_SECONDS + " s";
      }
    }
    return answers;
  }

  /** The connection's answer if it gave one within 50 ms ("" for the ERROR TIMEOUT asked for). */
  private static Optional<String> answer(TesterPeer peer) throws InterruptedException {
    TesterPeer.Received r = peer.next(Duration.ofMillis(50));
    RawFrame f = r.frame();
    if (r.kind() == TesterPeer.Received.Kind.CLOSED
        || r.kind() == TesterPeer.Received.Kind.UNREADABLE) {
      return Optional.of("ended without ERROR TIMEOUT: " + r.kind() + " (" + r.detail() + ")");
    }
    if (f == null) {
      return Optional.empty();
    }
    if (f.is(FrameType.PING)) {
      try {
        peer.sendFrame(FrameType.PONG, 0, 0, f.body()); // a live peer: only its messages stall
      } catch (IOException e) {
        // closed meanwhile: the next read says how
      }
      return Optional.empty();
    }
    if (!f.is(FrameType.ERROR)) {
      return Optional.empty(); // CREDIT and the like
    }
    boolean timeout =
        ErrorBody.decode(f.body())
            .map(e -> e.code().equals("TIMEOUT") && e.frame() == null)
            .orElse(false);
    return Optional.of(timeout ? "" : "another ERROR: " + f.describe());
  }
}
