package org.web4.conformance.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How an attack tells that the implementation closed a connection. */
class RawSocketsTest {
  /**
   * An implementation that answers a valid message 1 and closes when it reads the FIN sends its
   * bytes first and its FIN later: the close counts whenever it comes within the wait, not only
   * within 1 ms of the last byte (robustness/random-first-messages failed about 1 run in 2).
   */
  @Test
  void aCloseThatComesAfterAnAnswerIsSeenWithinTheWait() throws Exception {
    CountDownLatch answerRead = new CountDownLatch(1);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CompletableFuture<Void> peer =
          CompletableFuture.runAsync(
              () -> {
                try (Socket accepted = server.accept()) {
                  OutputStream out = accepted.getOutputStream();
                  out.write(new byte[48]);
                  out.flush();
                  // the close comes only once the answer was read, and then some time later
                  answerRead.await(10, TimeUnit.SECONDS);
                  Thread.sleep(200);
                } catch (IOException | InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      try (Socket s =
          RawSockets.open((java.net.InetSocketAddress) server.getLocalSocketAddress())) {
        InputStream in = s.getInputStream();
        s.setSoTimeout(10_000);
        int first = in.read();
        assertThat(first).isZero();
        answerRead.countDown();
        assertThat(RawSockets.closedByPeer(s, 30_000)).isTrue();
      }
      peer.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aConnectionTheImplementationKeepsOpenIsNotClosed() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Socket s = RawSockets.open((java.net.InetSocketAddress) server.getLocalSocketAddress());
        Socket accepted = server.accept()) {
      accepted.getOutputStream().write(new byte[16]);
      assertThat(RawSockets.closedByPeer(s, 200)).isFalse();
    }
  }
}
