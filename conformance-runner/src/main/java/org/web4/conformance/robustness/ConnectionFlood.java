package org.web4.conformance.robustness;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.web4.rtt.RttLimits;

/**
 * A connection flood: {@value #SOCKETS} TCP connections to the RTT endpoint, opened one after the
 * other as fast as loopback allows, none sending a byte. [RTT-LIM-002] "A responder with 64
 * accepted connections whose handshake has not completed MUST close any further connection at once,
 * without reading from it, and MUST keep serving the 64": all but 64 must be closed by the
 * implementation (given {@value #CLOSE_WITHIN_SECONDS} s, for a loaded machine). Then every socket
 * is closed and a legitimate peer must be served.
 */
final class ConnectionFlood extends AttackCheck {
  /** Connections the flood opens: four times the handshake limit. */
  static final int SOCKETS = 256;

  /** How long the implementation is given to close the connections over the limit. */
  static final int CLOSE_WITHIN_SECONDS = 10;

  /** The flood stops opening sockets after this long (a backlog that drops SYNs is slow). */
  private static final long OPENING_MILLIS = 20_000;

  ConnectionFlood() {
    super(
        "connection-flood",
        SOCKETS + " TCP connections at once, none sending; then a legitimate peer is served",
        List.of("RTT-LIM-002"),
        false);
  }

  @Override
  void attack(Attack attack) throws InterruptedException {
    List<Socket> open = new ArrayList<>();
    int refusedAtConnect = 0;
    long stopOpening = System.nanoTime() + OPENING_MILLIS * 1_000_000;
    try {
      for (int i = 0; i < SOCKETS && System.nanoTime() < stopOpening; i++) {
        try {
          open.add(RawSockets.open(attack.rtt()));
        } catch (IOException e) {
          refusedAtConnect++;
        }
      }
      int attempted = open.size() + refusedAtConnect;
      attack.note(
          "opened "
              + open.size()
              + " of "
              + attempted
              + " TCP connections ("
              + refusedAtConnect
              + " not accepted at connect)");
      // [RTT-LIM-002] every connection beyond the 64 in the handshake is closed at once
      int allowedOpen = RttLimits.MAX_UNAUTHENTICATED;
      long until = System.nanoTime() + CLOSE_WITHIN_SECONDS * 1_000_000_000L;
      int stillOpen;
      do {
        stillOpen = 0;
        for (Socket s : open) {
          if (!RawSockets.closedByPeer(s, 1)) {
            stillOpen++;
          }
        }
        if (stillOpen <= allowedOpen) {
          break;
        }
        Thread.sleep(200);
      } while (System.nanoTime() < until);
      attack.sampleProcess("with the flood's connections open");
      attack.note(
          stillOpen
              + " connections still open after the implementation closed the others (at most "
              + allowedOpen
              + " may be)");
      if (stillOpen > allowedOpen) {
        attack.violation(
            "RTT-LIM-002: "
                + stillOpen
                + " connections without a handshake were still open "
                + CLOSE_WITHIN_SECONDS
                + " s into the flood; the implementation must close every one beyond "
                + allowedOpen
                + " at once");
      }
    } finally {
      RawSockets.closeAll(open);
    }
  }
}
