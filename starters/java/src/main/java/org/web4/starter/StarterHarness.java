package org.web4.starter;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The starter harness on the JDK's {@code com.sun.net.httpserver.HttpServer}, behind a {@link
 * RequestGate} that answers malformed and over-long request heads with JSON: 127.0.0.1 only, a
 * bearer token, and the operations of an {@link Implementation}. For conformance testing only:
 * never enable it in production (spec/harness.md §1).
 *
 * <pre>
 * java -cp classes org.web4.starter.StarterHarness --port 8123 --token secret-token
 * </pre>
 *
 * prints {@code harness http://127.0.0.1:PORT/harness/v1 token=TOKEN}, the capabilities, then
 * {@code ready}, the lines the kit's process targets wait for.
 */
public final class StarterHarness implements AutoCloseable {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._~+/-]+=*"); // RFC 6750

  static {
    // TCP_NODELAY on accepted sockets: the JDK writes headers and body separately, and with
    // Nagle's algorithm the body waits for the client's delayed ACK (about 40 ms a request).
    setIfAbsent("sun.net.httpserver.nodelay", "true");
    // HAR-LIM-002: a request must arrive completely within 60 s; the JDK server cuts it at 30 s.
    // Both are read once, when the first HttpServer of the JVM starts.
    setIfAbsent("sun.net.httpserver.maxReqTime", "30");
  }

  private final HttpServer server;
  private final RequestGate gate;
  private final ThreadPoolExecutor workers;
  private final List<String> capabilities;

  private StarterHarness(
      HttpServer server, RequestGate gate, ThreadPoolExecutor workers, List<String> capabilities) {
    this.server = server;
    this.gate = gate;
    this.workers = workers;
    this.capabilities = capabilities;
  }

  /**
   * Starts the harness on 127.0.0.1.
   *
   * @param port the port, 0 for any free one
   * @param token the bearer token (RFC 6750 {@code b64token} syntax)
   * @throws IllegalArgumentException a bad token, or {@code sign/envelope} without an identity
   */
  public static StarterHarness start(int port, String token, Implementation implementation)
      throws IOException {
    if (!TOKEN.matcher(token).matches()) {
      throw new IllegalArgumentException("the token must be an RFC 6750 b64token");
    }
    List<Operation> implemented = new ArrayList<>();
    List<String> capabilities = new ArrayList<>();
    for (Operation op : Operation.values()) {
      if (op.implementedBy(implementation)) {
        implemented.add(op);
        capabilities.add(op.path());
      }
    }
    if (capabilities.contains("sign/envelope") && implementation.identity().isEmpty()) {
      throw new IllegalArgumentException(
          "with sign/envelope implemented, identity() must return your agent's identity");
    }
    // HAR-LIM-003, HAR-LIM-006: the JDK server reads a request's headers on a worker thread, so
    // a stalled client holds one; 128 workers (made when needed, gone after 30 s idle) keep 64
    // stalled clients from holding up the others; more requests wait in a bounded queue
    ThreadPoolExecutor workers =
        new ThreadPoolExecutor(
            128, 128, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> worker(r));
    workers.allowCoreThreadTimeOut(true);
    // the JDK server on a loopback port of its own, behind the gate (HAR-API-001, HAR-LIM-005)
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.createContext("/", new HarnessHandler(implementation, token, implemented));
    server.setExecutor(workers);
    server.start();
    RequestGate gate;
    try {
      gate = new RequestGate(port, server.getAddress());
    } catch (IOException e) {
      server.stop(0);
      throw e;
    }
    return new StarterHarness(server, gate, workers, List.copyOf(capabilities));
  }

  /** The bound port (the gate's: the JDK server behind it has a port of its own). */
  public int port() {
    return gate.port();
  }

  /** The base URL, {@code http://127.0.0.1:PORT/harness/v1}. */
  public String url() {
    return "http://127.0.0.1:" + port() + "/harness/v1";
  }

  /** The harness 1.1 capabilities of the implemented operations. */
  public List<String> capabilities() {
    return capabilities;
  }

  @Override
  public void close() {
    gate.close();
    server.stop(0);
    workers.shutdownNow();
  }

  /** {@code --port N} (default 0: any free port), {@code --token T} (default: 32 random bytes). */
  public static void main(String[] args) throws IOException {
    run(args, new Implementation());
  }

  /** Parses the arguments, starts the harness with {@code implementation} and prints its lines. */
  public static void run(String[] args, Implementation implementation) throws IOException {
    int port = 0;
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = HexFormat.of().formatHex(random);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port") && i + 1 < args.length) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--token") && i + 1 < args.length) {
        token = args[++i];
      } else {
        System.err.println("usage: StarterHarness [--port N] [--token TOKEN]; unknown: " + args[i]);
        System.exit(2);
      }
    }
    StarterHarness harness = start(port, token, implementation);
    System.out.println("harness " + harness.url() + " token=" + token);
    System.out.println("capabilities " + String.join(" ", harness.capabilities()));
    System.out.println("ready");
    System.out.flush();
  }

  private static Thread worker(Runnable r) {
    Thread t = new Thread(r, "web4-starter-harness");
    t.setDaemon(true);
    return t;
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
