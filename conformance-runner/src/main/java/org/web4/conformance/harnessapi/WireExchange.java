package org.web4.conformance.harnessapi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes to a harness over a plain socket, for what an HTTP client library will not send (a request
 * that announces a body it never sends, an over-long header line, a request line that is not HTTP),
 * and the reply as it came: a {@link RawHarness.Reply}, or what happened instead.
 */
final class WireExchange {
  /** A hang guard, not a measurement: a reply that takes longer counts as none. */
  static final int WAIT_MILLIS = 10_000;

  /** The most of a reply this reads: harness refusals are a few hundred bytes. */
  private static final int MAX_REPLY = 1 << 20;

  private WireExchange() {}

  /** {@code METHOD /harness/v1/OPERATION HTTP/1.1} and {@code Host}, then {@code headers}. */
  static String head(RawHarness h, String method, String operation, String... headers) {
    StringBuilder b =
        new StringBuilder(method)
            .append(' ')
            .append(h.base().getPath())
            .append(operation)
            .append(" HTTP/1.1\r\nHost: ")
            .append(h.base().getHost())
            .append("\r\n");
    for (String header : headers) {
      b.append(header).append("\r\n");
    }
    return b.append("\r\n").toString();
  }

  /**
   * Opens a connection to the harness, within the hang guard: a harness whose accept queue is full
   * leaves a connect waiting on the kernel's SYN retries (about two minutes on Linux), so a connect
   * not accepted within {@link #WAIT_MILLIS} fails the check (the harness did not serve it).
   *
   * @throws AssertionError when the connection was not accepted in time
   */
  static Socket connect(URI base) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(base.getHost(), base.getPort()), WAIT_MILLIS);
    } catch (SocketTimeoutException e) {
      s.close();
      throw new AssertionError(
          "the harness did not accept a connection within " + WAIT_MILLIS / 1000 + " s", e);
    }
    s.setSoTimeout(WAIT_MILLIS);
    return s;
  }

  /**
   * Sends {@code request} (and keeps the connection open: no more is sent) and reads one reply.
   *
   * @throws AssertionError naming what came instead of a reply: silence, a reset, a close
   */
  static RawHarness.Reply exchange(URI base, String shown, byte[] request) throws IOException {
    try (Socket s = connect(base)) {
      try {
        s.getOutputStream().write(request);
        s.getOutputStream().flush();
      } catch (IOException e) {
        throw new AssertionError(
            "the connection failed while the request was sent (" + e + ")\n  " + shown);
      }
      return read(s, shown);
    }
  }

  /** Reads one reply from an open connection. */
  static RawHarness.Reply read(Socket s, String shown) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try {
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[8192];
      int headEnd = -1;
      long bodyLength = -1;
      while (true) {
        if (headEnd >= 0 && bodyLength >= 0 && got.size() >= headEnd + bodyLength) {
          break;
        }
        int n = in.read(buffer);
        if (n < 0) {
          break;
        }
        got.write(buffer, 0, Math.min(n, MAX_REPLY - got.size()));
        if (got.size() >= MAX_REPLY) {
          break;
        }
        if (headEnd < 0) {
          String text = got.toString(StandardCharsets.ISO_8859_1);
          int end = text.indexOf("\r\n\r\n");
          if (end >= 0) {
            headEnd = end + 4;
            bodyLength = contentLength(text.substring(0, end));
          }
        }
      }
    } catch (SocketTimeoutException e) {
      if (got.size() == 0) {
        throw new AssertionError(
            "no reply within " + WAIT_MILLIS / 1000 + " s (the harness was silent)\n  " + shown);
      }
    } catch (IOException e) {
      if (got.size() == 0) {
        throw new AssertionError(
            "the connection was reset instead of answered (" + e + ")\n  " + shown);
      }
    }
    return parse(shown, got.toString(StandardCharsets.UTF_8));
  }

  private static long contentLength(String head) {
    for (String line : head.split("\r\n", -1)) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Length")) {
        try {
          return Long.parseLong(line.substring(colon + 1).strip());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static RawHarness.Reply parse(String shown, String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError(
          "the connection closed without a complete reply ("
              + text.length()
              + " characters)\n  "
              + shown);
    }
    String[] lines = text.substring(0, end).split("\r\n", -1);
    String[] status = lines[0].split(" ", 3);
    int code;
    try {
      code = Integer.parseInt(status.length > 1 ? status[1] : "");
    } catch (NumberFormatException e) {
      throw new AssertionError("not an HTTP status line: " + lines[0] + "\n  " + shown);
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
    }
    return new RawHarness.Reply(shown, code, headers, text.substring(end + 4));
  }
}
