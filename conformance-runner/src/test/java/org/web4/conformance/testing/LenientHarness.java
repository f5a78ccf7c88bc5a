package org.web4.conformance.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.web4.crypto.AgentKeyPair;

/**
 * A deliberately broken "miniature" implementation (Bowtie's habit): its harness answers {@code
 * valid} to every verify, echoes canonicalize input unchanged, answers canonicalize of {@code
 * [1E2]} with text that is not JSON, and refuses to sign envelopes. Raw signing is correct. Its
 * info is harness 1.0's: {@code sign} and {@code verify} stand for both halves.
 */
public final class LenientHarness implements AutoCloseable {
  public static final String TOKEN = "lenient-token";

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;

  public LenientHarness() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/harness/v1/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/harness/v1";
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (!("Bearer " + TOKEN).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        send(ex, 401, "{\"error\":{\"code\":\"UNAUTHORIZED\",\"message\":\"token\"}}");
        return;
      }
      String op = ex.getRequestURI().getPath().substring("/harness/v1/".length());
      byte[] body = ex.getRequestBody().readAllBytes();
      JsonNode req = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
      switch (op) {
        case "info" ->
            send(
                ex,
                200,
                """
                {"harness_version":"1.0","implementation":{"name":"lenient","version":"0"},\
                "protocols":{"cip":["1.0"]},"profiles":["core","full"],"capabilities":["canonicalize","sign","verify"],\
                "identity":{"agent_id":"lenient","pubkey":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",\
                "fingerprint":"66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"}}""");
        case "reset" -> send(ex, 200, "{\"reset\":true}");
        case "verify/envelope", "verify/raw" -> send(ex, 200, "{\"result\":\"valid\"}");
        case "canonicalize" -> {
          String input = req.path("input").asText();
          if (input.equals("5b3145325d")) {
            send(ex, 200, "oops, not JSON");
          } else {
            send(ex, 200, "{\"result\":\"valid\",\"output\":\"" + input + "\"}");
          }
        }
        case "sign/raw" -> {
          AgentKeyPair key =
              AgentKeyPair.fromSeed(HexFormat.of().parseHex(req.path("seed").asText()));
          byte[] sig = key.sign(HexFormat.of().parseHex(req.path("msg").asText()));
          send(
              ex,
              200,
              "{\"pk\":\""
                  + HexFormat.of().formatHex(key.publicKey().raw())
                  + "\",\"sig\":\""
                  + HexFormat.of().formatHex(sig)
                  + "\"}");
        }
        case "sign/envelope" ->
            send(
                ex,
                200,
                "{\"result\":\"invalid\",\"error\":{\"code\":\"INTERNAL\",\"message\":\"no\"}}");
        default -> send(ex, 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"" + op + "\"}}");
      }
    }
  }

  private static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    ex.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
