package org.web4.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The harness HTTP server (spec/harness.md) on the JDK's built-in {@code com.sun.net.httpserver}
 * (ADR 0201): loopback only [HAR-TRN-001], bearer token [HAR-TRN-003], a bounded pool of {@link
 * #THREADS} handler threads, bodies read with a bound [HAR-LIM-001] and requests that must arrive
 * within {@link #REQUEST_TIMEOUT} [HAR-LIM-002].
 *
 * <pre>{@code
 * HarnessServer harness = new HarnessServer();
 * int port = harness.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token, backend);
 * ...
 * harness.stop();
 * }</pre>
 *
 * <p>The request timeout is a JDK-wide setting ({@code sun.net.httpserver.maxReqTime}, read once
 * when the JDK server is first used); this class sets it unless it is already set, so it takes
 * effect when no other {@code HttpServer} was created earlier in the same JVM.
 */
public final class HarnessServer implements AutoCloseable {
  /** [HAR-VER-001] The harness API version reported by {@code info}. */
  public static final String HARNESS_VERSION = "1.1";

  /** [HAR-VER-002] Every operation lives under this path. */
  public static final String BASE_PATH = "/harness/v1";

  /** Handler threads; requests beyond them wait in a queue of {@link #QUEUE} places. */
  public static final int THREADS = 4;

  public static final int QUEUE = 256;

  /** [HAR-LIM-002] A request (headers and body) must have arrived within this time. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** A response must have been written within this time, or the connection is closed. */
  public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  static {
    setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_TIMEOUT.toSeconds());
    setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_TIMEOUT.toSeconds());
    // without TCP_NODELAY every small reply waits ~40 ms for a delayed ACK on loopback
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private @Nullable HttpServer server;
  private @Nullable ThreadPoolExecutor executor;

  /**
   * Binds to a loopback address and starts serving.
   *
   * @param address a loopback address; port 0 picks a free port
   * @param token the bearer token every request must carry (RFC 6750 {@code b64token} syntax)
   * @return the bound port
   * @throws IllegalArgumentException if the address is not loopback or the token is malformed
   * @throws IllegalStateException if this server was already started
   */
  public synchronized int start(InetSocketAddress address, String token, HarnessBackend backend)
      throws IOException {
    InetAddress host = address.getAddress();
    if (host == null || !host.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "the harness binds to a loopback address only, not " + address);
    }
    if (server != null) {
      throw new IllegalStateException("already started");
    }
    BearerToken bearer = new BearerToken(token);
    HarnessRouter router =
        new HarnessRouter(
            bearer,
            Stream.of(
                    Stream.<Operation>of(new InfoOperation(backend), new ResetOperation(backend)),
                    Stream.<Operation>of(
                            new CanonicalizeOperation(backend),
                            new SignRawOperation(backend),
                            new VerifyRawOperation(backend),
                            new SignEnvelopeOperation(backend),
                            new VerifyEnvelopeOperation(backend))
                        .filter(op -> listed(backend, op)),
                    AgentOperations.all(backend).stream(),
                    HcpOperations.all(backend).stream(),
                    LipOperations.all(backend).stream(),
                    MeshOperations.all(backend).stream())
                .flatMap(ops -> ops)
                .toList());
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            daemonThreads(),
            new ThreadPoolExecutor.AbortPolicy());
    HttpServer http;
    try {
      http = HttpServer.create(address, 0);
    } catch (IOException e) {
      pool.shutdownNow();
      throw e;
    }
    http.setExecutor(pool);
    http.createContext("/", router);
    http.start();
    this.server = http;
    this.executor = pool;
    return http.getAddress().getPort();
  }

  /** The bound port. */
  public synchronized int port() {
    return running().getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT/harness/v1} (IPv6 literals in brackets). */
  public synchronized URI baseUri() {
    InetSocketAddress bound = running().getAddress();
    String host = bound.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + bound.getPort() + BASE_PATH);
  }

  /** Stops accepting, closes connections and ends the handler threads; idempotent. */
  public synchronized void stop() {
    HttpServer http = server;
    ThreadPoolExecutor pool = executor;
    server = null;
    executor = null;
    if (http != null) {
      http.stop(0);
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private HttpServer running() {
    HttpServer http = server;
    if (http == null) {
      throw new IllegalStateException("not started");
    }
    return http;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "web4-harness-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  private static void setIfAbsent(String property, long seconds) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, Long.toString(seconds));
    }
  }

  /**
   * [HAR-INFO-003] "an operation whose capability is not listed MUST be answered 404": a vector
   * operation is served only when the backend lists its capability (harness 1.1 names the operation
   * itself; harness 1.0's {@code sign} and {@code verify} stand for both halves).
   */
  private static boolean listed(HarnessBackend backend, Operation op) {
    List<String> capabilities = backend.capabilities();
    String path = op.path();
    int slash = path.indexOf('/');
    return capabilities.contains(path)
        || (slash > 0 && capabilities.contains(path.substring(0, slash)));
  }
}
