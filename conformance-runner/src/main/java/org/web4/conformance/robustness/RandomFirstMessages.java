package org.web4.conformance.robustness;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Random first messages: {@value #CONNECTIONS} connections, {@value #AT_ONCE} at a time, each
 * sending 1 to {@value #MAX_BYTES} random bytes from the run's seed (a third of them behind a
 * length prefix that matches what follows, so that the responder reads a whole message 1 of the
 * wrong size) and then FIN. [RTT-HS-006] "A responder MUST close the connection without sending
 * anything more when message 1 is not 32 bytes": each must be closed by the implementation within
 * {@value #CLOSE_WITHIN_SECONDS} s (a message 1 of exactly 32 random bytes is a valid ephemeral
 * key; the FIN then ends that handshake). Then a legitimate peer must be served.
 */
final class RandomFirstMessages extends AttackCheck {
  static final int CONNECTIONS = 256;

  /** Connections in flight together: half the handshake limit of RTT-LIM-002. */
  static final int AT_ONCE = 32;

  static final int MAX_BYTES = 512;

  static final int CLOSE_WITHIN_SECONDS = 15;

  RandomFirstMessages() {
    super(
        "random-first-messages",
        CONNECTIONS
            + " connections sending random bytes from the run's seed as message 1, then FIN;"
            + " each closed, then a legitimate peer is served",
        List.of("RTT-HS-006"),
        false);
  }

  @Override
  void attack(Attack attack) throws IOException, InterruptedException {
    int notClosed = 0;
    int answered = 0;
    long totalBytes = 0;
    for (int done = 0; done < CONNECTIONS; done += AT_ONCE) {
      List<Socket> batch = new ArrayList<>();
      try {
        for (int i = 0; i < AT_ONCE && done + i < CONNECTIONS; i++) {
          byte[] bytes = firstMessage(attack, done + i);
          totalBytes += bytes.length;
          Socket s = RawSockets.open(attack.rtt());
          batch.add(s);
          try {
            s.getOutputStream().write(bytes);
            s.shutdownOutput();
          } catch (IOException e) {
            // closed while we wrote: the implementation refused it already
          }
        }
        long until = System.nanoTime() + CLOSE_WITHIN_SECONDS * 1_000_000_000L;
        for (Socket s : batch) {
          if (s.getInputStream().available() > 0) {
            answered++;
          }
          int left = (int) Math.max(1, (until - System.nanoTime()) / 1_000_000);
          if (!RawSockets.closedByPeer(s, left)) {
            notClosed++;
          }
        }
      } finally {
        RawSockets.closeAll(batch);
      }
    }
    attack.note(
        CONNECTIONS
            + " random first messages ("
            + totalBytes
            + " bytes in all); "
            + (CONNECTIONS - notClosed)
            + " closed by the implementation"
            + (answered > 0 ? ", " + answered + " answered with bytes first" : ""));
    if (notClosed > 0) {
      attack.violation(
          "RTT-HS-006: "
              + notClosed
              + " connections that sent a random message 1 and FIN were still open "
              + CLOSE_WITHIN_SECONDS
              + " s later");
    }
  }

  /** The bytes of connection {@code n}: random, a third behind a matching length prefix. */
  private static byte[] firstMessage(Attack attack, int n) {
    int length = 1 + attack.random().nextInt(MAX_BYTES);
    byte[] bytes = attack.random().bytes(length);
    if (n % 3 == 0 && length > 2) {
      bytes[0] = (byte) ((length - 2) >>> 8);
      bytes[1] = (byte) (length - 2);
    }
    return bytes;
  }
}
