package org.web4.conformance.harnessapi;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Needs;

/**
 * The harness's HTTP limits under load and hostile clients (spec/harness.md §6, HAR-LIM-003 …
 * HAR-LIM-007, HAR-ERR-005): concurrent requests, junk that leaves it answering, refusals on the
 * headers alone, request line and header limits, stalled connections that do not hold up others,
 * and many connections at once. Each check is bounded in time: every wait is a hang guard of {@link
 * WireExchange#WAIT_MILLIS}.
 */
final class HarnessLimitChecks {
  /** [HAR-LIM-006] Connections the check leaves stalled while it asks for info. */
  static final int STALLED = 64;

  /** [HAR-LIM-007] Connections the check opens at once. */
  static final int CONNECTIONS = 256;

  /** [HAR-LIM-005] The longest request line and header section the harness must serve. */
  static final int SERVED_REQUEST_LINE = 8_192;

  static final int SERVED_HEADER_SECTION = 16_384;

  /** [HAR-LIM-005] A header line this long must be refused 431. */
  static final int REFUSED_LINE = 1 << 20;

  private HarnessLimitChecks() {}

  static List<Check> checks() {
    List<Check> c = new ArrayList<>();
    c.add(
        new ApiCheck(
            "concurrency",
            "50 concurrent info requests all answer 200",
            List.of("HAR-LIM-003"),
            Needs.harness(),
            h -> {
              ExecutorService pool = Executors.newFixedThreadPool(50);
              try {
                List<Future<RawHarness.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                  replies.add(
                      pool.submit(
                          () -> new RawHarness(h.base(), h.token()).call("GET", "info", null)));
                }
                for (Future<RawHarness.Reply> f : replies) {
                  RawHarness.Reply r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                  Expect.that(r.status == 200, "200", r);
                }
              } finally {
                pool.shutdownNow();
              }
            }));
    c.add(
        new ApiCheck(
            "still-answering",
            "after truncated, abandoned and garbage requests, info still answers 200",
            List.of("HAR-ERR-005"),
            Needs.harness(),
            h -> {
              for (String junk :
                  List.of(
                      "POST "
                          + h.base().getPath()
                          + "canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          + h.token()
                          + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in",
                      "\u0000\u0001garbage\r\n\r\n",
                      "GET " + h.base().getPath() + "info HTTP/1.1\r\n")) {
                try (Socket s = WireExchange.connect(h.base())) {
                  OutputStream out = s.getOutputStream();
                  out.write(junk.getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                }
              }
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            }));
    c.add(
        new ApiCheck(
            "refusal-before-body",
            "401, 404, 415 and 413 (Content-Length 10^10) come before the announced body",
            List.of("HAR-LIM-004", "HAR-LIM-001", "HAR-ERR-002", "HAR-API-001"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              // [HAR-LIM-004] "decide ... on the request line and headers alone ... without
              // waiting for any of the body": the body announced here never comes
              String json = "Content-Type: application/json";
              String bearer = "Authorization: Bearer " + h.token();
              refusedWithoutBody(
                  h,
                  "canonicalize",
                  401,
                  "UNAUTHORIZED",
                  "Authorization: Bearer wrong",
                  json,
                  "Content-Length: 100");
              refusedWithoutBody(h, "nope", 404, "NOT_FOUND", bearer, json, "Content-Length: 100");
              refusedWithoutBody(
                  h,
                  "canonicalize",
                  415,
                  "UNSUPPORTED_MEDIA_TYPE",
                  bearer,
                  "Content-Type: text/plain",
                  "Content-Length: 100");
              refusedWithoutBody(
                  h, "canonicalize", 413, "TOO_LARGE", bearer, json, "Content-Length: 10000000000");
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            }));
    c.add(
        new ApiCheck(
            "header-limits",
            "an 8 KiB request line and 16 KiB of headers are served; a 1 MiB line is 431",
            List.of("HAR-LIM-005", "HAR-API-001", "HAR-ERR-005"),
            Needs.harness(),
            h -> {
              String bearer = "Authorization: Bearer " + h.token();
              String op = "info?q=";
              int line = ("GET " + h.base().getPath() + op + " HTTP/1.1").length();
              String target = op + "a".repeat(SERVED_REQUEST_LINE - line);
              Expect.reply(
                  send(h, WireExchange.head(h, "GET", target, bearer)),
                  200,
                  "info.response.schema.json");
              List<String> headers = new ArrayList<>(List.of(bearer));
              for (int i = 0; i < 8; i++) {
                headers.add("X-Filler-" + i + ": " + "b".repeat(SERVED_HEADER_SECTION / 8 - 16));
              }
              Expect.reply(
                  send(h, WireExchange.head(h, "GET", "info", headers.toArray(String[]::new))),
                  200,
                  "info.response.schema.json");
              Expect.refusal(
                  send(
                      h,
                      WireExchange.head(
                          h, "GET", "info", bearer, "X-Long: " + "c".repeat(REFUSED_LINE))),
                  431,
                  "HEADERS_TOO_LARGE");
              Expect.refusal(
                  send(
                      h, WireExchange.head(h, "GET", "info?q=" + "d".repeat(REFUSED_LINE), bearer)),
                  431,
                  "HEADERS_TOO_LARGE");
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            }));
    c.add(
        new ApiCheck(
            "malformed-http",
            "a request that is not HTTP/1.1 is a JSON 400, not the HTTP library's own page",
            List.of("HAR-API-001", "HAR-ERR-001", "HAR-ERR-005"),
            Needs.harness(),
            h -> {
              // [HAR-API-001] "Every harness response, whatever its status, MUST have
              // Content-Type: application/json": also what the HTTP layer refuses
              Expect.refusal(
                  send(
                      h,
                      "GET "
                          + h.base().getPath()
                          + "info JUNK/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          + h.token()
                          + "\r\n\r\n"),
                  400,
                  "BAD_REQUEST");
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            }));
    c.add(
        new ApiCheck(
            "stalled-connections",
            STALLED + " stalled requests do not hold up a request on another connection",
            List.of("HAR-LIM-006", "HAR-ERR-005"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              List<Socket> stalled = new ArrayList<>();
              try {
                for (int i = 0; i < STALLED; i++) {
                  Socket s = WireExchange.connect(h.base());
                  stalled.add(s);
                  // half stop inside the headers, half inside an announced body
                  String partial =
                      i % 2 == 0
                          ? "GET " + h.base().getPath() + "info HTTP/1.1\r\nHost: x\r\n"
                          : WireExchange.head(
                                  h,
                                  "POST",
                                  "canonicalize",
                                  "Authorization: Bearer " + h.token(),
                                  "Content-Type: application/json",
                                  "Content-Length: 100")
                              + "{\"in";
                  s.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
                  s.getOutputStream().flush();
                }
                // [HAR-LIM-006] "MUST go on answering complete requests on other connections"
                for (int i = 0; i < 3; i++) {
                  Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
                }
                Expect.reply(
                    h.call("POST", "canonicalize", "{\"input\":\"5b5d\"}"),
                    200,
                    "canonicalize.response.schema.json");
              } finally {
                for (Socket s : stalled) {
                  s.close();
                }
              }
            }));
    c.add(
        new ApiCheck(
            "many-connections",
            CONNECTIONS + " connections opened at once each get info 200",
            List.of("HAR-LIM-007", "HAR-LIM-003"),
            Needs.harness(),
            HarnessLimitChecks::manyConnections));
    return c;
  }

  private static void refusedWithoutBody(
      RawHarness h, String operation, int status, String code, String... headers)
      throws IOException {
    Expect.refusal(send(h, WireExchange.head(h, "POST", operation, headers)), status, code);
  }

  private static RawHarness.Reply send(RawHarness h, String request) throws IOException {
    String shown =
        request.length() <= 300
            ? request.strip()
            : request.substring(0, 300) + "... (" + request.length() + " bytes)";
    return WireExchange.exchange(h.base(), shown, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /**
   * [HAR-LIM-007] All {@link #CONNECTIONS} connections are opened without waiting for one another
   * (non-blocking connects), each sends {@code GET info} as soon as it is connected, and each must
   * get a 200: a refused connect, a reset or a close without a reply fails.
   */
  private static void manyConnections(RawHarness h) throws IOException {
    URI base = h.base();
    byte[] request =
        WireExchange.head(
                h, "GET", "info", "Authorization: Bearer " + h.token(), "Connection: close")
            .getBytes(StandardCharsets.ISO_8859_1);
    Map<SocketChannel, ByteBuffer> replies = new HashMap<>();
    int ok = 0;
    List<String> failures = new ArrayList<>();
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < CONNECTIONS; i++) {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        replies.put(ch, ByteBuffer.allocate(64 * 1024));
        if (ch.connect(new InetSocketAddress(base.getHost(), base.getPort()))) {
          ch.write(ByteBuffer.wrap(request));
          ch.register(selector, SelectionKey.OP_READ);
        } else {
          ch.register(selector, SelectionKey.OP_CONNECT);
        }
      }
      long deadline = System.nanoTime() + 3L * WireExchange.WAIT_MILLIS * 1_000_000L;
      int open = CONNECTIONS;
      while (open > 0 && System.nanoTime() < deadline) {
        selector.select(1000);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          ByteBuffer got = java.util.Objects.requireNonNull(replies.get(ch));
          try {
            if (key.isConnectable()) {
              ch.finishConnect();
              ch.write(ByteBuffer.wrap(request)); // a few hundred bytes: one write on loopback
              key.interestOps(SelectionKey.OP_READ);
              continue;
            }
            if (ch.read(got) >= 0 && got.hasRemaining()) {
              continue; // Connection: close — the reply ends when the harness closes
            }
          } catch (IOException e) {
            failures.add(e.toString());
            key.cancel();
            ch.close();
            open--;
            continue;
          }
          String text =
              new String(
                  got.array(), got.arrayOffset(), got.position(), StandardCharsets.ISO_8859_1);
          if (text.startsWith("HTTP/1.1 200 ") || text.startsWith("HTTP/1.0 200 ")) {
            ok++;
          } else {
            failures.add(
                text.isEmpty() ? "closed without a reply" : text.lines().findFirst().orElse(""));
          }
          key.cancel();
          ch.close();
          open--;
        }
        selector.selectedKeys().clear();
      }
    } finally {
      for (SocketChannel ch : replies.keySet()) {
        ch.close();
      }
    }
    if (ok != CONNECTIONS) {
      Map<String, Integer> counted = new HashMap<>();
      failures.forEach(f -> counted.merge(f, 1, Integer::sum));
      throw new AssertionError(
          "expected "
              + CONNECTIONS
              + " replies 200, got "
              + ok
              + "; instead: "
              + counted
              + (ok + failures.size() < CONNECTIONS
                  ? "; " + (CONNECTIONS - ok - failures.size()) + " silent after 30 s"
                  : ""));
    }
  }
}
