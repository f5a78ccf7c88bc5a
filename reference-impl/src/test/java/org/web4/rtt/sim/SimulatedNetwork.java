package org.web4.rtt.sim;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.session.RttTransport;

/**
 * The in-memory network both simulated endpoints use as their {@link RttTransport}: listening
 * addresses, links (simulated TCP connections) and the faults the simulation applies to them —
 * resets, half-open connections, stalls, partitions (connects time out, nothing moves) and a host
 * going down (its links reset, connects to it are refused). Every random choice comes from the
 * seed.
 */
final class SimulatedNetwork implements RttTransport {
  /** How long a connect waits during a partition before it fails (a SYN that got no answer). */
  static final long CONNECT_TIMEOUT = Scheduler.seconds(3);

  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private final Scheduler scheduler;
  private final Trace trace;
  private final SplittableRandom random;
  private final long bytesPerSecond;
  private final Map<InetSocketAddress, SimulatedChannel> servers = new HashMap<>();
  private final List<Link> links = new ArrayList<>();
  private final Map<String, Link> byLabel = new HashMap<>();
  private long partitionedUntil;
  private long nextChannel;
  private int nextPort;

  /** Figures for the report. */
  long linksMade;

  /** Links on which both endpoints completed the handshake, ended (by a fault or a timeout). */
  long disconnects;

  long connectsRefused;
  long connectsTimedOut;
  long bytesDelivered;
  long endsDelivered;
  long maxPipeBytes;

  SimulatedNetwork(Scheduler scheduler, Trace trace, SplittableRandom random, long bytesPerSecond) {
    this.scheduler = scheduler;
    this.trace = trace;
    this.random = random;
    this.bytesPerSecond = bytesPerSecond;
  }

  Scheduler scheduler() {
    return scheduler;
  }

  long now() {
    return scheduler.now();
  }

  long partitionedUntil() {
    return partitionedUntil;
  }

  // ------------------------------------------------------------------ RttTransport

  @Override
  public Channel listen(
      InetSocketAddress address, ChannelHandler acceptLimit, Consumer<Channel> accepted) {
    SimulatedChannel server =
        new SimulatedChannel(nextChannel++, address, address, acceptLimit, new Registrar(accepted))
            .start();
    servers.put(address, server);
    return server;
  }

  /** Hands each admitted connection its initialiser and registers it (a server's accept). */
  private static final class Registrar extends ChannelInboundHandlerAdapter {
    private final Consumer<Channel> accepted;

    Registrar(Consumer<Channel> accepted) {
      this.accepted = accepted;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      SimulatedChannel child = (SimulatedChannel) msg;
      child.pipeline().addLast(initialiser(accepted));
      child.start();
    }
  }

  @Override
  public ChannelFuture connect(InetSocketAddress address, Consumer<Channel> initialise) {
    SimulatedChannel dialer =
        new SimulatedChannel(
            nextChannel++, new InetSocketAddress(LOOPBACK, 20_000 + nextPort++ % 40_000), address);
    SimulatedChannel server = servers.get(address);
    if (now() < partitionedUntil) {
      dialer.start();
      ChannelPromise p = dialer.newPromise();
      scheduler.after(
          CONNECT_TIMEOUT,
          "connect times out",
          () -> {
            connectsTimedOut++;
            p.tryFailure(new ConnectException("connect timed out: the network is partitioned"));
            var unused = dialer.close();
          });
      return p;
    }
    if (server == null || !server.isOpen()) {
      connectsRefused++;
      dialer.start();
      var unused = dialer.close();
      return dialer.newFailedFuture(new ConnectException("connection refused: " + address));
    }
    SimulatedChannel listener = new SimulatedChannel(nextChannel++, address, dialer.local());
    Link link = new Link(this, linksMade++, dialer, listener, latency());
    links.add(link);
    byLabel.put(label(dialer), link);
    byLabel.put(label(listener), link);
    // The listener accepts first (RTT-LIM-002's admission sees it before registration) …
    server.writeInbound(listener);
    // … then the dialer's connect completes and its handshake begins.
    dialer.pipeline().addLast(initialiser(initialise));
    dialer.start();
    return dialer.newSucceededFuture();
  }

  private static ChannelInitializer<Channel> initialiser(Consumer<Channel> initialise) {
    return new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        initialise.accept(ch);
      }
    };
  }

  private static String label(Channel c) {
    return RttHandshake.label(c.localAddress(), c.remoteAddress());
  }

  /** The link an RTT connection with this label runs on (while the link is alive). */
  @Nullable Link linkOf(String connectionLabel) {
    return byLabel.get(connectionLabel);
  }

  // ------------------------------------------------------------------ moving bytes

  /**
   * Runs the channels' event loops and moves what they wrote into the pipes until nothing moves;
   * forgets finished links. Returns whether anything moved.
   */
  boolean pump() {
    boolean moved = false;
    for (SimulatedChannel s : servers.values()) {
      s.runPendingTasks();
    }
    for (int i = 0; i < links.size(); i++) {
      moved |= links.get(i).pump();
    }
    return moved;
  }

  /** Forgets links that are over. */
  void sweep() {
    links.removeIf(
        l -> {
          if (!l.finished()) {
            return false;
          }
          byLabel.remove(label(l.dialerSide));
          byLabel.remove(label(l.listenerSide));
          if (l.wasEstablished()) {
            disconnects++;
          }
          return true;
        });
  }

  /** Checks that no channel recorded an exception nobody handled; returns its description. */
  @Nullable String unhandledException() {
    for (Link l : links) {
      for (SimulatedChannel c : List.of(l.dialerSide, l.listenerSide)) {
        if (!c.isRegistered()) {
          continue;
        }
        try {
          c.checkException();
        } catch (Exception e) {
          return c + ": " + e;
        }
      }
    }
    return null;
  }

  long chunkSize() {
    // Mostly up to a socket read's worth; sometimes a few bytes, to split a length prefix.
    return random.nextInt(10) == 0 ? 1 + random.nextInt(7) : 1 + random.nextInt(65_536);
  }

  long transmissionMicros(int bytes) {
    return bytes * 1_000_000L / bytesPerSecond;
  }

  private long latency() {
    return Scheduler.seconds(0.001) + random.nextLong(Scheduler.seconds(0.08));
  }

  void delivered(int bytes) {
    bytesDelivered += bytes;
    trace.mix(bytes);
  }

  void endDelivered() {
    endsDelivered++;
  }

  void observePipe(long queued) {
    maxPipeBytes = Math.max(maxPipeBytes, queued);
  }

  // ------------------------------------------------------------------ faults

  /** The links whose both ends are RTT connections and open. */
  List<Link> established() {
    return links.stream().filter(Link::established).toList();
  }

  /** Every link not finished. */
  List<Link> live() {
    return List.copyOf(links);
  }

  /** Nothing moves and no connect succeeds until {@code until}. */
  void partition(long until) {
    partitionedUntil = Math.max(partitionedUntil, until);
  }

  /** A host goes down: every link resets, connects to {@code address} are refused. */
  void hostDown(@Nullable InetSocketAddress address) {
    if (address != null) {
      SimulatedChannel server = servers.remove(address);
      if (server != null) {
        var unused = server.close();
      }
    }
    for (Link l : links) {
      l.reset();
    }
  }
}
