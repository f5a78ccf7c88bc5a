package org.web4.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault-injecting TCP proxy on 127.0.0.1 between the soak's dialers and the listener (docs/adr/
 * 1412). Each accepted connection gets its own connection to the listener and two pumps; the
 * faults, drawn from a seeded random source:
 *
 * <ul>
 *   <li>{@code kill}: every {@code killEvery} on average (exponential), one live connection is
 *       reset on both sides (SO_LINGER 0: an RST, no GOAWAY, no closing ERROR — an abrupt end);
 *   <li>{@code delay}: each chunk read is held, with probability {@code delayChance}, for a time
 *       drawn from [0, {@code maxDelay}] before it is written (the bytes after it wait too: TCP
 *       keeps order);
 *   <li>{@code refuse}: one fault in four, instead of a kill alone, also resets every connection
 *       accepted in the next 0.5–3 s (the dialer's reconnect meets refused attempts and backs off).
 * </ul>
 */
public final class FaultProxy implements AutoCloseable {
  /** The faults, by their command-line names. */
  public enum Fault {
    KILL,
    DELAY,
    REFUSE;

    public static Fault parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The faults' numbers. */
  public record Settings(
      Set<Fault> faults, Duration killEvery, double delayChance, Duration maxDelay) {}

  private final InetSocketAddress upstream;
  private final Settings settings;
  private final SplittableRandom random;
  private final ServerSocket server;
  private final List<Link> links = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean faultsOn = true;
  private volatile boolean open = true;
  private volatile long refuseUntilNanos;

  final AtomicLong accepted = new AtomicLong();
  final AtomicLong killed = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong delayed = new AtomicLong();

  public FaultProxy(InetSocketAddress upstream, Settings settings, long seed) throws IOException {
    this.upstream = upstream;
    this.settings = settings;
    this.random = new SplittableRandom(seed);
    this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
    start("soak-proxy-accept", this::acceptLoop);
    if (settings.faults().contains(Fault.KILL) || settings.faults().contains(Fault.REFUSE)) {
      start("soak-proxy-faults", this::faultLoop);
    }
  }

  /** Where the dialers connect. */
  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  /** Stops injecting faults (the soak's drain at the end); bytes flow on. */
  public void stopFaults() {
    faultsOn = false;
  }

  public long killed() {
    return killed.get();
  }

  public long refused() {
    return refused.get();
  }

  public long delayed() {
    return delayed.get();
  }

  private void start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    synchronized (threads) {
      threads.add(t);
    }
    t.start();
  }

  private void acceptLoop() {
    while (open) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      accepted.incrementAndGet();
      if (faultsOn && System.nanoTime() < refuseUntilNanos) {
        refused.incrementAndGet();
        reset(client);
        continue;
      }
      Socket up = new Socket();
      try {
        up.setTcpNoDelay(true);
        client.setTcpNoDelay(true);
        up.connect(upstream, 10_000);
      } catch (IOException e) {
        reset(client);
        closeQuietly(up);
        continue;
      }
      Link link = new Link(client, up);
      links.add(link);
      SplittableRandom a;
      SplittableRandom b;
      synchronized (random) {
        a = random.split();
        b = random.split();
      }
      start("soak-proxy-up", () -> pump(link, client, up, a));
      start("soak-proxy-down", () -> pump(link, up, client, b));
    }
  }

  private void faultLoop() {
    while (open) {
      double mean = settings.killEvery().toMillis();
      long waitMillis;
      boolean refuse;
      long refuseMillis;
      synchronized (random) {
        waitMillis = (long) (-mean * Math.log(1 - random.nextDouble()));
        refuse = settings.faults().contains(Fault.REFUSE) && random.nextInt(4) == 0;
        refuseMillis = 500 + random.nextLong(2501);
      }
      try {
        Thread.sleep(Math.max(1, waitMillis));
      } catch (InterruptedException e) {
        return;
      }
      if (!faultsOn || !open) {
        continue;
      }
      if (refuse) {
        refuseUntilNanos = System.nanoTime() + Duration.ofMillis(refuseMillis).toNanos();
      }
      List<Link> live = links.stream().filter(l -> !l.closed).toList();
      if (!live.isEmpty() && (settings.faults().contains(Fault.KILL) || refuse)) {
        int pick;
        synchronized (random) {
          pick = random.nextInt(live.size());
        }
        killed.incrementAndGet();
        live.get(pick).reset();
      }
    }
  }

  private void pump(Link link, Socket from, Socket to, SplittableRandom r) {
    byte[] buffer = new byte[64 * 1024];
    boolean delay = settings.faults().contains(Fault.DELAY);
    long maxDelay = settings.maxDelay().toMillis();
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (delay && faultsOn && r.nextDouble() < settings.delayChance()) {
          delayed.incrementAndGet();
          Thread.sleep(r.nextLong(maxDelay + 1));
        }
        out.write(buffer, 0, n);
        out.flush();
      }
      to.shutdownOutput(); // the end of one direction is passed on as such
    } catch (IOException | InterruptedException e) {
      link.reset();
    } finally {
      synchronized (threads) {
        threads.remove(Thread.currentThread());
      }
    }
    if (from.isInputShutdown() || to.isOutputShutdown()) {
      link.halfClosed();
    }
  }

  /** One proxied connection. */
  private final class Link {
    final Socket client;
    final Socket upstreamSide;
    volatile boolean closed;
    private int halves;

    Link(Socket client, Socket upstreamSide) {
      this.client = client;
      this.upstreamSide = upstreamSide;
    }

    /** Both sides get an RST: an abrupt end (draft §1). */
    void reset() {
      if (closed) {
        return;
      }
      closed = true;
      FaultProxy.reset(client);
      FaultProxy.reset(upstreamSide);
      links.remove(this);
    }

    synchronized void halfClosed() {
      if (++halves == 2) {
        closed = true;
        closeQuietly(client);
        closeQuietly(upstreamSide);
        links.remove(this);
      }
    }
  }

  static void reset(Socket s) {
    try {
      s.setSoLinger(true, 0);
    } catch (SocketException e) {
      // already closed
    }
    closeQuietly(s);
  }

  static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    open = false;
    try {
      server.close();
    } catch (IOException e) {
      // nothing to do
    }
    for (Link l : links) {
      l.reset();
    }
    List<Thread> all;
    synchronized (threads) {
      all = List.copyOf(threads);
    }
    all.forEach(Thread::interrupt);
  }
}
