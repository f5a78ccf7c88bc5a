package org.web4.harness;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The harness HTTP server (spec/harness.md) on Netty's HTTP codec (ADR 1203, replacing ADR 0201's
 * JDK server): loopback only [HAR-TRN-001], bearer token [HAR-TRN-003], refusals answered on the
 * headers alone [HAR-LIM-004], bounded request lines and headers [HAR-LIM-005], bodies read with a
 * bound [HAR-LIM-001], requests that must arrive within {@link #REQUEST_TIMEOUT} [HAR-LIM-002],
 * stalled connections that cost only their socket [HAR-LIM-006], and a backlog and connection cap
 * of {@link HarnessLimits#MAX_CONNECTIONS} [HAR-LIM-007]. Every bound is in {@link HarnessLimits}.
 *
 * <pre>{@code
 * HarnessServer harness = new HarnessServer();
 * int port = harness.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token, backend);
 * ...
 * harness.stop();
 * }</pre>
 */
public final class HarnessServer implements AutoCloseable {
  /** [HAR-VER-001] The harness API version reported by {@code info}. */
  public static final String HARNESS_VERSION = "1.4";

  /** [HAR-VER-002] Every operation lives under this path. */
  public static final String BASE_PATH = "/harness/v1";

  /** Operation threads; requests beyond them wait (one at most per connection). */
  public static final int THREADS = HarnessLimits.WORKER_THREADS;

  /** [HAR-LIM-002] A request (headers and body) must have arrived within this time. */
  public static final Duration REQUEST_TIMEOUT = HarnessLimits.REQUEST_TIMEOUT;

  private @Nullable EventLoopGroup loop;
  private @Nullable ThreadPoolExecutor workers;
  private @Nullable Channel listener;

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
    if (listener != null) {
      throw new IllegalStateException("already started");
    }
    HarnessRouter router = new HarnessRouter(new BearerToken(token), operations(backend));
    // each connection has at most one request at a workers' door, so the queue never overflows
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            THREADS,
            THREADS,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(HarnessLimits.MAX_CONNECTIONS),
            new DefaultThreadFactory("web4-harness", true),
            new ThreadPoolExecutor.AbortPolicy());
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("web4-harness-io", true), NioIoHandler.newFactory());
    BodyBudget budget = new BodyBudget(HarnessLimits.MAX_BUFFERED_BODY_BYTES);
    AtomicInteger open = new AtomicInteger();
    ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, HarnessLimits.BACKLOG)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    if (open.incrementAndGet() > HarnessLimits.MAX_CONNECTIONS) {
                      ch.closeFuture().addListener(f -> open.decrementAndGet());
                      busy(ch);
                      return;
                    }
                    ch.closeFuture().addListener(f -> open.decrementAndGet());
                    ch.pipeline()
                        .addLast(
                            new HttpServerCodec(
                                new HttpDecoderConfig()
                                    .setMaxInitialLineLength(HarnessLimits.MAX_REQUEST_LINE_BYTES)
                                    .setMaxHeaderSize(HarnessLimits.MAX_HEADER_BYTES)
                                    .setMaxChunkSize(64 * 1024)))
                        .addLast(new HarnessConnection(router, pool, budget));
                  }
                });
    Channel bound;
    try {
      bound = bootstrap.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
      pool.shutdownNow();
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw e;
    }
    this.loop = group;
    this.workers = pool;
    this.listener = bound;
    return port();
  }

  /**
   * [HAR-LIM-007] A connection over the cap: answered 503 BUSY at once and closed, so that the
   * client learns why instead of seeing a reset.
   */
  private static void busy(SocketChannel ch) {
    ch.pipeline().addLast(new HttpResponseEncoder());
    // what the client sends is dropped (nothing decodes it) until it closes or LINGER passes
    var unused =
        ch.eventLoop()
            .schedule(() -> close(ch), HarnessLimits.LINGER.toMillis(), TimeUnit.MILLISECONDS);
    ch.writeAndFlush(
            HarnessConnection.response(
                HarnessError.BUSY.status(),
                Responses.error(HarnessError.BUSY, "too many harness connections; try again"),
                Map.of("Connection", "close")))
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (f.isSuccess()) {
                    shutdownOutput(ch);
                  } else {
                    close(ch);
                  }
                });
  }

  private static void close(Channel ch) {
    var unused = ch.close();
  }

  private static void shutdownOutput(SocketChannel ch) {
    var unused = ch.shutdownOutput();
  }

  /** The bound port. */
  public synchronized int port() {
    return running().getPort();
  }

  /** {@code http://127.0.0.1:PORT/harness/v1} (IPv6 literals in brackets). */
  public synchronized URI baseUri() {
    InetSocketAddress bound = running();
    String host = bound.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + bound.getPort() + BASE_PATH);
  }

  /** Stops accepting, closes connections and ends the threads; idempotent. */
  public synchronized void stop() {
    Channel bound = listener;
    EventLoopGroup group = loop;
    ThreadPoolExecutor pool = workers;
    listener = null;
    loop = null;
    workers = null;
    if (bound != null) {
      bound.close().syncUninterruptibly();
    }
    if (group != null) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  @Override
  public void close() {
    stop();
  }

  private InetSocketAddress running() {
    Channel bound = listener;
    if (bound == null) {
      throw new IllegalStateException("not started");
    }
    return (InetSocketAddress) bound.localAddress();
  }

  private static List<Operation> operations(HarnessBackend backend) {
    return Stream.of(
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
        .toList();
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
