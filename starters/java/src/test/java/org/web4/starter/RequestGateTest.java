package org.web4.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gate in front of the JDK server (docs/adr/1212-java-starter-request-gate.md), on raw sockets:
 * what the kit's harness checks do not show by themselves — one request per connection, said in the
 * answer, and a malformed header line answered with JSON. Each read is bounded by a 10 s guard.
 */
class RequestGateTest {
  private static final String TOKEN = "gate-test-token";
  private static StarterHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness = StarterHarness.start(0, TOKEN, new Implementation());
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aServedRequestIsAnsweredWithConnectionCloseAndTheConnectionEnds() throws IOException {
    String answer =
        exchange(
            "GET /harness/v1/info HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n"
                + "Authorization: Bearer "
                + TOKEN
                + "\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200").contains("\r\nConnection: close\r\n");
    assertThat(answer).contains("\"harness_version\":\"1.1\"");
  }

  @Test
  void aMalformedHeaderLineIsAJson400() throws IOException {
    String answer = exchange("GET /harness/v1/info HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n");
    assertThat(answer)
        .startsWith("HTTP/1.1 400")
        .contains("Content-Type: application/json")
        .contains("\"code\":\"BAD_REQUEST\"");
  }

  @Test
  void aHeadOverTheLimitIsAJson431() throws IOException {
    StringBuilder head = new StringBuilder("GET /harness/v1/info HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; head.length() <= RequestGate.MAX_HEADER_SECTION; i++) {
      head.append("X-Filler-").append(i).append(": ").append("a".repeat(1000)).append("\r\n");
    }
    String answer = exchange(head.append("\r\n").toString());
    assertThat(answer).startsWith("HTTP/1.1 431").contains("\"code\":\"HEADERS_TOO_LARGE\"");
  }

  /** Sends {@code request} on a new connection and reads until the gate closes it (10 s guard). */
  private static String exchange(String request) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), harness.port())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
