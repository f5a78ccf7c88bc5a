package org.web4.starter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

/**
 * The harness's public port: reads each request's line and headers itself and passes only
 * well-formed ones on to the JDK {@code HttpServer} behind it (on another loopback port). The JDK
 * server answers a malformed request with its own {@code text/html} 400 and an over-long header
 * line with a reset, before any handler runs; here they get the JSON answers of spec/harness.md
 * instead: 400 {@code BAD_REQUEST} (HAR-API-001) and 431 {@code HEADERS_TOO_LARGE} (HAR-LIM-005).
 * One request per connection: the request passed on says {@code Connection: close}, so that every
 * request's head comes through this gate (HTTP clients open the next connection themselves). Delete
 * this class and bind the JDK server to the public port if you do not need those two checks.
 */
final class RequestGate implements AutoCloseable {
  /** [HAR-LIM-005] served up to 8,192; refused beyond 65,536; this gate refuses beyond 16 KiB. */
  static final int MAX_LINE = 16_384;

  /** [HAR-LIM-005] served up to 16,384; refused beyond 1 MiB; this gate refuses beyond 64 KiB. */
  static final int MAX_HEADER_SECTION = 65_536;

  /** [HAR-LIM-002] the line and headers must have arrived 30 s after the connection opened. */
  private static final int HEAD_WITHIN_MILLIS = 30_000;

  /** The connections served at once; one more is answered 503 BUSY (HAR-LIM-007 asks for 256). */
  private static final int MAX_CONNECTIONS = 1_024;

  /** {@code METHOD SP request-target SP HTTP/1.x} (RFC 9112 §3). */
  private static final Pattern REQUEST_LINE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ [\\x21-\\x7e]+ HTTP/1\\.[01]");

  /** {@code field-name ":" field-value} (RFC 9110 §5); no folded lines. */
  private static final Pattern HEADER_LINE =
      Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+:[\\t\\x20-\\x7e\\x80-\\xff]*");

  private final ServerSocket listener;
  private final InetSocketAddress server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "web4-starter-gate");
            t.setDaemon(true);
            return t;
          });
  private final Semaphore connections = new Semaphore(MAX_CONNECTIONS);

  /** Listens on 127.0.0.1:{@code port} (0: any free port) for the JDK server at {@code server}. */
  RequestGate(int port, InetSocketAddress server) throws IOException {
    this.server = server;
    // HAR-LIM-007: 256 connections opened at once are queued by the kernel, not refused
    this.listener = new ServerSocket(port, 1024, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  int port() {
    return listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!connections.tryAcquire()) {
          threads.execute(() -> refuse(client, 503, "BUSY", "too many connections"));
          continue;
        }
        threads.execute(
            () -> {
              try {
                serve(client);
              } finally {
                connections.release();
              }
            });
      } catch (IOException e) {
        // closed, or a failed accept: the loop checks
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      client.setTcpNoDelay(true);
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      Optional<byte[]> rest = readHead(client, head);
      if (rest.isEmpty()) {
        return; // the client left or was too slow (HAR-LIM-002), or was answered 431
      }
      String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n", -1);
      for (String line : lines) {
        if (line.length() > MAX_LINE) {
          refuse(client, 431, "HEADERS_TOO_LARGE", "a line over " + MAX_LINE + " bytes");
          return;
        }
      }
      if (!REQUEST_LINE.matcher(lines[0]).matches()) {
        refuse(client, 400, "BAD_REQUEST", "not an HTTP/1.1 request line");
        return;
      }
      StringBuilder passed = new StringBuilder(lines[0]).append("\r\n");
      for (int i = 1; i < lines.length - 2; i++) { // the head ends with two empty strings
        if (!HEADER_LINE.matcher(lines[i]).matches()) {
          refuse(client, 400, "BAD_REQUEST", "a malformed header line");
          return;
        }
        if (!lines[i].regionMatches(true, 0, "Connection:", 0, 11)) {
          passed.append(lines[i]).append("\r\n");
        }
      }
      passed.append("Connection: close\r\n\r\n");
      relay(client, passed.toString().getBytes(StandardCharsets.ISO_8859_1), rest.get());
    } catch (IOException e) {
      // the client or the server closed the connection
    }
  }

  /**
   * Reads up to the empty line ending the head into {@code head}; returns what came after it (the
   * start of a body), or empty when the connection ended or the time ran out. A line or a head over
   * the limits is answered 431 as soon as it is seen (the rest is never read). Linear in what
   * arrives: each byte is looked at once, however the client splits its head.
   */
  private static Optional<byte[]> readHead(Socket client, ByteArrayOutputStream head)
      throws IOException {
    long deadline = System.nanoTime() + HEAD_WITHIN_MILLIS * 1_000_000L;
    InputStream in = client.getInputStream();
    byte[] seen = new byte[MAX_HEADER_SECTION + 8192];
    int length = 0;
    int lineStart = 0;
    while (true) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return Optional.empty();
      }
      client.setSoTimeout((int) left);
      int n;
      try {
        n = in.read(seen, length, Math.min(8192, seen.length - length));
      } catch (SocketTimeoutException e) {
        return Optional.empty();
      }
      if (n < 0) {
        return Optional.empty();
      }
      int before = length;
      length += n;
      int end = endOfHead(seen, Math.max(0, before - 3), length);
      if (end >= 0 && end + 4 <= MAX_HEADER_SECTION) {
        head.write(seen, 0, end + 4);
        return Optional.of(Arrays.copyOfRange(seen, end + 4, length));
      }
      for (int i = before; i < length; i++) {
        if (seen[i] == '\n') {
          lineStart = i + 1;
        }
      }
      if (end >= 0 || length - lineStart > MAX_LINE || length > MAX_HEADER_SECTION) {
        refuse(client, 431, "HEADERS_TOO_LARGE", "request line or headers over the limit");
        return Optional.empty();
      }
    }
  }

  /** The request to the JDK server and its answer back, until either side closes. */
  private void relay(Socket client, byte[] head, byte[] bodyStart) throws IOException {
    try (Socket jdk = new Socket()) {
      jdk.connect(server, 5_000);
      jdk.setTcpNoDelay(true);
      client.setSoTimeout(0); // the JDK server times the body out (sun.net.httpserver.maxReqTime)
      OutputStream toServer = jdk.getOutputStream();
      toServer.write(head);
      toServer.write(bodyStart);
      toServer.flush();
      threads.execute(() -> copy(client, jdk)); // the rest of the body, as it comes
      answerClosing(jdk.getInputStream(), client.getOutputStream());
    }
  }

  /**
   * The JDK server's answer with {@code Connection: close} added to its head (the JDK server does
   * not say it), so that the client opens a new connection for its next request instead of sending
   * it on one the gate closes; then the rest of the answer, up to the server's close.
   */
  private static void answerClosing(InputStream fromServer, OutputStream toClient)
      throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int end = -1;
    while (end < 0 && head.size() <= MAX_HEADER_SECTION) {
      int n = fromServer.read(buffer);
      if (n < 0) {
        break;
      }
      head.write(buffer, 0, n);
      byte[] sofar = head.toByteArray(); // the JDK server's head: small, and trusted
      end = endOfHead(sofar, 0, sofar.length);
    }
    byte[] answer = head.toByteArray();
    if (end >= 0) {
      toClient.write(answer, 0, end + 2);
      toClient.write("Connection: close\r\n".getBytes(StandardCharsets.ISO_8859_1));
      toClient.write(answer, end + 2, answer.length - end - 2);
    } else {
      toClient.write(answer);
    }
    fromServer.transferTo(toClient);
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException e) {
      // one side closed: so does the other, in relay
    }
  }

  /**
   * A JSON refusal (HAR-API-001), then a lingering close: what the client still sends is read and
   * dropped for up to 5 s so that it reads the answer rather than a reset (as HAR-LIM-004 asks).
   */
  private static void refuse(Socket client, int status, String code, String message) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    byte[] body = JsonWriter.write(Map.of("error", error));
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + code
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    try (client) {
      OutputStream out = client.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      client.shutdownOutput();
      client.setSoTimeout(5_000);
      long until = System.nanoTime() + 5_000_000_000L;
      byte[] drop = new byte[65_536];
      InputStream in = client.getInputStream();
      while (System.nanoTime() < until && in.read(drop) >= 0) {
        // dropped
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /**
   * Where the empty line ending the head starts ({@code CR LF CR LF}) in {@code [from, to)}, or -1.
   */
  private static int endOfHead(byte[] data, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      // closing
    }
    threads.shutdownNow();
  }
}
