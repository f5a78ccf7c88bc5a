package org.web4.harness;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange held in memory: the request the fuzzer made and the response the router wrote,
 * so that a fuzz target runs the router's request parsing without a socket.
 */
final class FakeExchange extends HttpExchange {
  private final String method;
  private final URI uri;
  private final Headers requestHeaders;
  private final InputStream requestBody;
  private final Headers responseHeaders = new Headers();
  private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
  private int status = -1;

  FakeExchange(String method, URI uri, Headers requestHeaders, byte[] body) {
    this.method = method;
    this.uri = uri;
    this.requestHeaders = requestHeaders;
    this.requestBody = new ByteArrayInputStream(body);
  }

  int status() {
    return status;
  }

  byte[] response() {
    return responseBody.toByteArray();
  }

  @Override
  public Headers getRequestHeaders() {
    return requestHeaders;
  }

  @Override
  public Headers getResponseHeaders() {
    return responseHeaders;
  }

  @Override
  public URI getRequestURI() {
    return uri;
  }

  @Override
  public String getRequestMethod() {
    return method;
  }

  @Override
  public @Nullable HttpContext getHttpContext() {
    return null;
  }

  @Override
  public void close() {}

  @Override
  public InputStream getRequestBody() {
    return requestBody;
  }

  @Override
  public OutputStream getResponseBody() {
    return responseBody;
  }

  @Override
  public void sendResponseHeaders(int code, long length) {
    if (status != -1) {
      throw new IllegalStateException("headers sent twice");
    }
    status = code;
  }

  @Override
  public InetSocketAddress getRemoteAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
  }

  @Override
  public int getResponseCode() {
    return status;
  }

  @Override
  public InetSocketAddress getLocalAddress() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080);
  }

  @Override
  public String getProtocol() {
    return "HTTP/1.1";
  }

  @Override
  public @Nullable Object getAttribute(String name) {
    return null;
  }

  @Override
  public void setAttribute(String name, @Nullable Object value) {}

  @Override
  public void setStreams(@Nullable InputStream i, @Nullable OutputStream o) {}

  @Override
  public @Nullable HttpPrincipal getPrincipal() {
    return null;
  }
}
