package org.web4.cli;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's web source: a JDK {@link HttpServer} on 127.0.0.1 that serves one evidence document
 * (spec/lip.md §4.3) at {@code /evidence/water} and 404 elsewhere.
 */
final class EvidenceServer implements AutoCloseable {
  static final String DOCUMENT =
      "{\"web4_evidence\":\"1.0\",\"claims\":[\"Water boils at 100 °C at 101.325 kPa.\"],"
          + "\"evidence\":[\"CRC Handbook of Chemistry and Physics, 97th ed., 6-10\"],"
          + "\"confidence\":0.9,\"extraction_notes\":\"served by the web4 demo\"}";

  private final HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  private EvidenceServer(HttpServer server) {
    this.server = server;
  }

  static EvidenceServer start() throws IOException {
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    EvidenceServer web = new EvidenceServer(server);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (!exchange.getRequestURI().getPath().equals("/evidence/water")) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            web.requests.incrementAndGet();
            byte[] body = DOCUMENT.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/vnd.web4.evidence+json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    return web;
  }

  String uri(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  int requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
