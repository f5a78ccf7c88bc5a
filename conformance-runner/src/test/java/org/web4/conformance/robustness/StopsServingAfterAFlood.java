package org.web4.conformance.robustness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A miniature defect: a TCP relay in front of the reference's RTT endpoint that relays the first
 * {@value #SERVED} connections and then closes every further one at once, for good — an endpoint
 * that a flood leaves unable to serve anyone. Only the legitimate peer after the flood can see it.
 */
final class StopsServingAfterAFlood implements ReferenceUnderAttack.Front {
  static final int SERVED = 100;

  private final List<Socket> sockets = new ArrayList<>();
  private final ServerSocket server;

  StopsServingAfterAFlood() throws IOException {
    server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
  }

  @Override
  public InetSocketAddress front(InetSocketAddress rtt) {
    Thread acceptor =
        new Thread(
            () -> {
              int accepted = 0;
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  accepted++;
                  if (accepted > SERVED) {
                    client.close(); // the defect: nobody is served any more
                    continue;
                  }
                  Socket upstream = new Socket(rtt.getAddress(), rtt.getPort());
                  synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                  }
                  pump(client, upstream);
                  pump(upstream, client);
                } catch (IOException e) {
                  // closed, or the upstream refused: the next one
                }
              }
            },
            "stops-serving-acceptor");
    acceptor.setDaemon(true);
    acceptor.start();
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  private static void pump(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side ended
              } finally {
                try {
                  to.close();
                  from.close();
                } catch (IOException ignored) {
                  // closing
                }
              }
            },
            "stops-serving-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() {
    try {
      server.close();
      synchronized (sockets) {
        for (Socket s : sockets) {
          s.close();
        }
      }
    } catch (IOException ignored) {
      // closing
    }
  }
}
