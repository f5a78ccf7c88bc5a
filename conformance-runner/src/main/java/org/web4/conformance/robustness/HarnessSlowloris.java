package org.web4.conformance.robustness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.HarnessException;

/**
 * Slowloris on the harness HTTP API: {@value #SOCKETS} connections trickle a request — half its
 * headers, half an announced body — one byte every {@value #TRICKLE_MILLIS} ms for {@value
 * #SECONDS} s. [HAR-LIM-006] "While up to 64 other connections hold requests that have not
 * completely arrived …, the harness MUST go on answering complete requests on other connections": a
 * {@code GET info} every second meanwhile must get its 200 (the harness client's own 10 s timeout
 * bounds each). Then the trickling connections close and a legitimate RTT peer must be served.
 */
final class HarnessSlowloris extends AttackCheck {
  static final int SOCKETS = 32;
  static final int TRICKLE_MILLIS = 500;
  static final int SECONDS = 8;

  HarnessSlowloris() {
    super(
        "harness-slowloris",
        SOCKETS
            + " harness requests trickled a byte at a time for "
            + SECONDS
            + " s while GET info is asked every second; then a legitimate RTT peer is served",
        List.of("HAR-LIM-006"),
        true);
  }

  @Override
  void attack(Attack attack) throws IOException, InterruptedException {
    URI base = attack.harness().baseUrl();
    InetSocketAddress address = new InetSocketAddress(base.getHost(), base.getPort());
    String path = base.getPath().endsWith("/") ? base.getPath() : base.getPath() + "/";
    List<Socket> sockets = new ArrayList<>();
    List<byte[]> requests = new ArrayList<>();
    int[] sent = new int[SOCKETS];
    int answered = 0;
    int asked = 0;
    long slowest = 0;
    List<String> failures = new ArrayList<>();
    try {
      for (int i = 0; i < SOCKETS; i++) {
        String request =
            i % 2 == 0
                ? "GET " + path + "info HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + "a".repeat(64)
                : "POST "
                    + path
                    + "canonicalize HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + attack.harness().token()
                    + "\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n"
                    + "{\"input\":\""
                    + "5b".repeat(40);
        requests.add(request.getBytes(StandardCharsets.ISO_8859_1));
        sockets.add(RawSockets.open(address));
      }
      int stillOpen = 0;
      long end = System.nanoTime() + SECONDS * 1_000_000_000L;
      long nextAsk = System.nanoTime();
      while (System.nanoTime() < end) {
        stillOpen = 0;
        for (int i = 0; i < SOCKETS; i++) {
          Socket s = sockets.get(i);
          if (s.isClosed() || sent[i] >= requests.get(i).length) {
            continue;
          }
          try {
            s.getOutputStream().write(requests.get(i)[sent[i]++]);
            stillOpen++;
          } catch (IOException e) {
            s.close();
          }
        }
        if (System.nanoTime() >= nextAsk) {
          nextAsk = System.nanoTime() + 1_000_000_000L;
          asked++;
          long t0 = System.nanoTime();
          try {
            attack.harness().info();
            answered++;
            slowest = Math.max(slowest, System.nanoTime() - t0);
          } catch (HarnessException e) {
            if (failures.size() < 3) {
              failures.add(e.getMessage());
            }
          }
        }
        Thread.sleep(TRICKLE_MILLIS);
      }
      attack.sampleProcess("with " + SOCKETS + " requests trickling");
      attack.note(
          SOCKETS
              + " requests trickled ("
              + stillOpen
              + " connections still open at the end); GET info answered "
              + answered
              + " of "
              + asked
              + " times meanwhile, the slowest in "
              + slowest / 1_000_000
              + " ms");
      if (answered < asked) {
        attack.violation(
            "HAR-LIM-006: "
                + (asked - answered)
                + " of "
                + asked
                + " GET info requests went unanswered while "
                + SOCKETS
                + " requests trickled in: "
                + String.join("; ", failures));
      }
    } finally {
      RawSockets.closeAll(sockets);
    }
  }
}
