package org.web4.conformance.robustness;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.web4.rtt.RttLimits;

/**
 * Slowloris on the RTT handshake: {@value #SOCKETS} connections that never finish it. Half trickle
 * message 1 (its length prefix, then its 32 bytes) one byte every {@value #TRICKLE_MILLIS} ms — 34
 * bytes take longer than the handshake timeout; the other half send a whole message 1 (a random
 * ephemeral key) and then nothing, holding the responder after its message 2. [RTT-LIM-001] "A
 * responder MUST close a connection whose handshake has not completed 10 seconds after it accepted
 * the TCP connection": each must be closed by the implementation within 10 s plus {@value
 * #SLACK_SECONDS} s of slack for a loaded machine. Then a legitimate peer must be served.
 */
final class HandshakeSlowloris extends AttackCheck {
  /** Connections held in the handshake: half the limit of RTT-LIM-002, so none is refused. */
  static final int SOCKETS = 32;

  static final int TRICKLE_MILLIS = 1_000;

  /** Beyond the handshake timeout, what a loaded machine is allowed. */
  static final int SLACK_SECONDS = 20;

  /** A message 1: its two-byte length prefix, then a 32-byte ephemeral key (RTT-HS-006). */
  private static final int MESSAGE_1_BYTES = 2 + 32;

  HandshakeSlowloris() {
    super(
        "handshake-slowloris",
        SOCKETS
            + " handshakes held open (message 1 trickled byte by byte, or sent and then"
            + " nothing); each closed at the handshake timeout, then a legitimate peer is served",
        List.of("RTT-LIM-001"),
        false);
  }

  @Override
  void attack(Attack attack) throws IOException, InterruptedException {
    long limitNanos = (RttLimits.HANDSHAKE_TIMEOUT.toSeconds() + SLACK_SECONDS) * 1_000_000_000L;
    List<Socket> sockets = new ArrayList<>();
    long[] openedAt = new long[SOCKETS];
    long[] closedAt = new long[SOCKETS];
    int[] sent = new int[SOCKETS];
    byte[][] message1 = new byte[SOCKETS][];
    try {
      for (int i = 0; i < SOCKETS; i++) {
        message1[i] = new byte[MESSAGE_1_BYTES];
        message1[i][1] = 32;
        System.arraycopy(attack.random().bytes(32), 0, message1[i], 2, 32);
        sockets.add(RawSockets.open(attack.rtt()));
        openedAt[i] = System.nanoTime();
        if (i % 2 == 1) {
          sockets.get(i).getOutputStream().write(message1[i]); // then nothing
          sent[i] = MESSAGE_1_BYTES;
        }
      }
      attack.sampleProcess("with " + SOCKETS + " handshakes held");
      int open = SOCKETS;
      long nextTrickle = System.nanoTime();
      while (open > 0) {
        long now = System.nanoTime();
        boolean trickle = now >= nextTrickle;
        if (trickle) {
          nextTrickle = now + TRICKLE_MILLIS * 1_000_000L;
        }
        open = 0;
        for (int i = 0; i < SOCKETS; i++) {
          if (closedAt[i] != 0) {
            continue;
          }
          Socket s = sockets.get(i);
          boolean closed = false;
          if (trickle && i % 2 == 0 && sent[i] < MESSAGE_1_BYTES) {
            try {
              s.getOutputStream().write(message1[i][sent[i]]);
              sent[i]++;
            } catch (IOException e) {
              closed = true;
            }
          }
          if (closed || RawSockets.closedByPeer(s, 1)) {
            closedAt[i] = System.nanoTime();
          } else if (System.nanoTime() - openedAt[i] > limitNanos) {
            closedAt[i] = -1; // given up: still open past the bound
          } else {
            open++;
          }
        }
        Thread.sleep(100);
      }
    } finally {
      RawSockets.closeAll(sockets);
    }
    long longest = 0;
    int overdue = 0;
    for (int i = 0; i < SOCKETS; i++) {
      if (closedAt[i] == -1) {
        overdue++;
      } else {
        longest = Math.max(longest, closedAt[i] - openedAt[i]);
      }
    }
    attack.note(
        SOCKETS
            + " connections held in the handshake; the implementation closed "
            + (SOCKETS - overdue)
            + ", the last "
            + longest / 1_000_000
            + " ms after its TCP connect (the handshake timeout is "
            + RttLimits.HANDSHAKE_TIMEOUT.toSeconds()
            + " s)");
    if (overdue > 0) {
      attack.violation(
          "RTT-LIM-001: "
              + overdue
              + " connections whose handshake never completed were still open "
              + (RttLimits.HANDSHAKE_TIMEOUT.toSeconds() + SLACK_SECONDS)
              + " s after their TCP connect; the responder must close them at 10 s");
    }
  }
}
