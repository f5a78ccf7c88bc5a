package org.web4.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.SchemaCatalog;

/**
 * The reproductions of issue 20 item 4 against the harness, over real loopback sockets
 * (spec/harness.md §6, HAR-LIM-004 … HAR-LIM-007): each was silence, an HTML page or a reset on the
 * JDK server. Every wait is a hang guard, never a measurement.
 */
class HarnessLimitsTest {
  private static final String TOKEN = "limits-token";
  private static final int HANG_GUARD_MILLIS = 20_000;

  private static final HarnessServer SERVER = new HarnessServer();
  private static int port;

  @BeforeAll
  static void start() throws IOException {
    ReferenceBackend backend =
        new ReferenceBackend(
            new HarnessBackend.Implementation("web4-reference", "test"),
            "iut",
            AgentKeyPair.generate(new SecureRandom()),
            Clock.fixed(Instant.parse("2026-01-15T09:30:00Z"), ZoneOffset.UTC));
    port = SERVER.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, backend);
  }

  @AfterAll
  static void stop() {
    SERVER.stop();
  }

  /** A reply as it came off the socket. */
  private record Reply(int status, String head, String body) {
    JsonNode error() throws IOException {
      JsonNode json = HarnessServerTest.MAPPER.readTree(body);
      assertThat(
              SchemaCatalog.describe(
                  SchemaCatalog.get().schema("harness/error.schema.json").validate(json)))
          .as(body)
          .isEmpty();
      return json.path("error");
    }
  }

  @Test
  void refusalsComeBeforeTheAnnouncedBody() throws Exception {
    // [HAR-LIM-004] was: silence until the body arrived, and never a 413 for 10^10
    String json = "Content-Type: application/json";
    String bearer = "Authorization: Bearer " + TOKEN;
    refused(
        post("canonicalize", "Authorization: Bearer wrong", json, "Content-Length: 100"),
        401,
        "UNAUTHORIZED");
    refused(post("nope", bearer, json, "Content-Length: 100"), 404, "NOT_FOUND");
    refused(post("info", bearer, json, "Content-Length: 100"), 405, "METHOD_NOT_ALLOWED");
    refused(
        post("canonicalize", bearer, "Content-Type: text/plain", "Content-Length: 100"),
        415,
        "UNSUPPORTED_MEDIA_TYPE");
    refused(post("canonicalize", bearer, json, "Content-Length: 10000000000"), 413, "TOO_LARGE");
  }

  @Test
  void aBodyOverTheLimitWithoutALengthIsRefusedAsItArrives() throws Exception {
    // [HAR-LIM-001] chunked: the 413 comes once 4 MiB + 1 arrived, the rest is dropped
    try (Socket s = connect()) {
      s.getOutputStream()
          .write(
              post(
                      "canonicalize",
                      "Authorization: Bearer " + TOKEN,
                      "Content-Type: application/json",
                      "Transfer-Encoding: chunked")
                  .getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk =
          ("10000\r\n" + " ".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i <= HarnessLimits.MAX_BODY_BYTES / 0x10000; i++) {
          s.getOutputStream().write(chunk);
        }
      } catch (IOException e) {
        // the harness may have closed its side already; its reply is still to be read
      }
      refused(read(s), 413, "TOO_LARGE");
    }
  }

  @Test
  void malformedRequestsAreAnsweredWithJson() throws Exception {
    // [HAR-API-001] was: the JDK's text/html 400
    refused(exchange("GARBAGE\r\n\r\n"), 400, "BAD_REQUEST");
    refused(
        exchange(
            "GET /harness/v1/info JUNK/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + TOKEN
                + "\r\n\r\n"),
        400,
        "BAD_REQUEST");
  }

  @Test
  void overLongHeadersAre431AndTheServedSizesAreServed() throws Exception {
    // [HAR-LIM-005] was: a reset with no response for a 1 MiB header line
    String bearer = "Authorization: Bearer " + TOKEN;
    refused(
        exchange(get("info", bearer, "X-Long: " + "c".repeat(1 << 20))), 431, "HEADERS_TOO_LARGE");
    refused(exchange(get("info?q=" + "d".repeat(1 << 20), bearer)), 431, "HEADERS_TOO_LARGE");
    List<String> headers = new ArrayList<>(List.of(bearer));
    for (int i = 0; i < 8; i++) {
      headers.add("X-Filler-" + i + ": " + "b".repeat(2_000));
    }
    assertThat(
            exchange(get("info?q=" + "a".repeat(8_000), headers.toArray(String[]::new))).status())
        .isEqualTo(200);
  }

  @Test
  void stalledConnectionsDoNotHoldUpOthers() throws Exception {
    // [HAR-LIM-006] was: four stalled requests held all four handler threads for ~30 s
    List<Socket> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        Socket s = connect();
        stalled.add(s);
        String partial =
            i % 2 == 0
                ? "GET /harness/v1/info HTTP/1.1\r\nHost: x\r\n"
                : post(
                        "canonicalize",
                        "Authorization: Bearer " + TOKEN,
                        "Content-Type: application/json",
                        "Content-Length: 100")
                    + "{\"in";
        s.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
      }
      for (int i = 0; i < 8; i++) {
        assertThat(exchange(get("info", "Authorization: Bearer " + TOKEN)).status()).isEqualTo(200);
      }
    } finally {
      for (Socket s : stalled) {
        s.close();
      }
    }
  }

  @Test
  void aThousandConnectionsAtOnceAreEachAnswered() throws Exception {
    // [HAR-LIM-007] was: 13–25 % resets with a listen backlog of 50
    Map<String, Integer> outcomes = concurrentInfo(1_000);
    assertThat(outcomes).containsExactly(Map.entry("200", 1_000));
  }

  @Test
  void oneConnectionOverTheCapIsAnsweredBusy() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < HarnessLimits.MAX_CONNECTIONS; i++) {
        held.add(connect());
      }
      // the cap counts accepted connections; the one after them is accepted last
      refused(exchange(get("info", "Authorization: Bearer " + TOKEN)), 503, "BUSY");
    } finally {
      for (Socket s : held) {
        s.close();
      }
    }
    // the closed connections leave the count as the event loop sees them go
    int status = 0;
    for (int attempt = 0; attempt < 200 && status != 200; attempt++) {
      status = exchange(get("info", "Authorization: Bearer " + TOKEN)).status();
      if (status != 200) {
        Thread.sleep(100);
      }
    }
    assertThat(status).isEqualTo(200);
  }

  @Test
  void theBodyBudgetIsShared() {
    BodyBudget budget = new BodyBudget(10);
    assertThat(budget.reserve(6)).isTrue();
    assertThat(budget.reserve(5)).isFalse();
    assertThat(budget.reserve(4)).isTrue();
    budget.release(6);
    assertThat(budget.held()).isEqualTo(4);
    assertThat(budget.reserve(6)).isTrue();
  }

  // ---------------------------------------------------------------- helpers

  private static void refused(Reply r, int status, String code) throws IOException {
    assertThat(r.status()).as(r.head() + r.body()).isEqualTo(status);
    assertThat(r.head().toLowerCase(java.util.Locale.ROOT))
        .contains("content-type: application/json");
    assertThat(r.error().path("code").asText()).isEqualTo(code);
  }

  private static void refused(String request, int status, String code) throws IOException {
    refused(exchange(request), status, code);
  }

  private static String post(String op, String... headers) {
    return request("POST", op, headers);
  }

  private static String get(String op, String... headers) {
    return request("GET", op, headers);
  }

  private static String request(String method, String op, String... headers) {
    StringBuilder b =
        new StringBuilder(method)
            .append(" /harness/v1/")
            .append(op)
            .append(" HTTP/1.1\r\nHost: x\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  private static Socket connect() throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(HANG_GUARD_MILLIS);
    return s;
  }

  /** Sends the request (and nothing more) and reads one reply. */
  private static Reply exchange(String request) throws IOException {
    try (Socket s = connect()) {
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      return read(s);
    }
  }

  private static Reply read(Socket s) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    InputStream in = s.getInputStream();
    byte[] buffer = new byte[8192];
    int headEnd = -1;
    int length = -1;
    try {
      while (headEnd < 0 || got.size() < headEnd + length) {
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        got.write(buffer, 0, n);
        String text = got.toString(StandardCharsets.ISO_8859_1);
        if (headEnd < 0 && text.contains("\r\n\r\n")) {
          headEnd = text.indexOf("\r\n\r\n") + 4;
          java.util.regex.Matcher m =
              java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
          length = m.find() && m.start() < headEnd ? Integer.parseInt(m.group(1)) : 0;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no reply within the hang guard", e);
    }
    String text = got.toString(StandardCharsets.UTF_8);
    assertThat(headEnd).as("a complete reply head, got: " + text).isPositive();
    return new Reply(
        Integer.parseInt(text.substring(9, 12)),
        text.substring(0, headEnd),
        text.substring(headEnd));
  }

  /** {@code count} connections opened without waiting for one another, GET info on each. */
  private static Map<String, Integer> concurrentInfo(int count) throws IOException {
    byte[] request =
        get("info", "Authorization: Bearer " + TOKEN, "Connection: close")
            .getBytes(StandardCharsets.ISO_8859_1);
    Map<String, Integer> outcomes = new HashMap<>();
    Map<SocketChannel, ByteBuffer> replies = new HashMap<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < count; i++) {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        replies.put(ch, ByteBuffer.allocate(16 * 1024));
        ch.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        ch.register(selector, SelectionKey.OP_CONNECT);
      }
      int open = count;
      long guard = System.nanoTime() + 60_000_000_000L;
      while (open > 0 && System.nanoTime() < guard) {
        selector.select(1000);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          ByteBuffer got = java.util.Objects.requireNonNull(replies.get(ch));
          String outcome;
          try {
            if (key.isConnectable()) {
              ch.finishConnect();
              ch.write(ByteBuffer.wrap(request));
              key.interestOps(SelectionKey.OP_READ);
              continue;
            }
            if (ch.read(got) >= 0 && got.hasRemaining()) {
              continue;
            }
            String text =
                new String(
                    got.array(), got.arrayOffset(), got.position(), StandardCharsets.ISO_8859_1);
            outcome = text.length() >= 12 ? text.substring(9, 12) : "closed";
          } catch (IOException e) {
            outcome = e.getClass().getSimpleName();
          }
          outcomes.merge(outcome, 1, Integer::sum);
          key.cancel();
          ch.close();
          open--;
        }
        selector.selectedKeys().clear();
      }
      if (open > 0) {
        outcomes.put("silent", open);
      }
    } finally {
      for (SocketChannel ch : replies.keySet()) {
        ch.close();
      }
    }
    return outcomes;
  }
}
