package org.web4.rtt.session;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.handshake.RttHandshake;

/**
 * A message handler that waits holds up its own connection only (docs/adr/1433): "a fetch therefore
 * delays the later answers of its connection only; other connections are served meanwhile"
 * (spec/lip.md, LIP-RPL-003). While one connection's handler waits, twice as many new connections
 * as there are session threads complete their handshakes and have their messages handled; the
 * waiting connection's next message is handled after the one that waited [RTT-FR-006].
 *
 * <p>When each connection was pinned to one of the shared session executors, a new connection
 * pinned to the waiting one could not even complete its handshake: the kit's LIP scenarios waited
 * seconds for a fetch of another worker's reference in the same JVM.
 */
class WaitingHandlerTest {
  /** A guard against a hang, not a timing assertion: each step takes milliseconds. */
  private static final long GUARD_SECONDS = 60;

  private static final byte[] WAIT = "wait".getBytes(UTF_8);

  /** Waits as the LIP fetcher does: through {@link ForkJoinPool#managedBlock}. */
  private static final byte[] WAIT_MANAGED = "wait, managed".getBytes(UTF_8);

  private static final int MANAGED_WAITERS = 2 * RttEventLoops.SESSION_THREADS;

  private final SecureRandom random = new SecureRandom();
  private final CountDownLatch waiting = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch waitingManaged = new CountDownLatch(MANAGED_WAITERS);

  /** What each connection's handler saw, by the dialer's fingerprint. */
  private final Map<String, List<String>> handled = new ConcurrentHashMap<>();

  private final RttEndpoint listener = endpoint("listener", this::handle);
  private final List<RttEndpoint> dialers = new ArrayList<>();

  @AfterEach
  void close() {
    release.countDown();
    dialers.forEach(RttEndpoint::close);
    listener.close();
  }

  private void handle(RttConnection connection, int channel, byte[] message, long lastFrame) {
    handled
        .computeIfAbsent(connection.peer().key().fingerprint(), k -> new CopyOnWriteArrayList<>())
        .add(text(message));
    if (Arrays.equals(message, WAIT_MANAGED)) {
      waitingManaged.countDown();
      try {
        ForkJoinPool.managedBlock(
            new ForkJoinPool.ManagedBlocker() {
              @Override
              public boolean block() throws InterruptedException {
                var unused = release.await(GUARD_SECONDS, TimeUnit.SECONDS);
                return true; // released, or the guard ran out: either way done waiting
              }

              @Override
              public boolean isReleasable() {
                return release.getCount() == 0;
              }
            });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else if (Arrays.equals(message, WAIT)) {
      waiting.countDown();
      try {
        release.await(GUARD_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  void otherConnectionsAreServedWhileOneHandlerWaits() throws Exception {
    InetSocketAddress address =
        listener.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    RttConnection first = dial(address).get(GUARD_SECONDS, TimeUnit.SECONDS);
    String firstDialer = fingerprint(dialers.get(0));
    first.send(ChannelNames.KNOWLEDGE, WAIT);
    first.send(ChannelNames.KNOWLEDGE, "after the wait".getBytes(UTF_8));
    assertThat(waiting.await(GUARD_SECONDS, TimeUnit.SECONDS)).as("the handler waits").isTrue();

    int others = 2 * RttEventLoops.SESSION_THREADS;
    List<CompletableFuture<RttConnection>> dials = new ArrayList<>();
    for (int i = 0; i < others; i++) {
      dials.add(dial(address));
    }
    for (CompletableFuture<RttConnection> d : dials) {
      d.get(GUARD_SECONDS, TimeUnit.SECONDS).send(ChannelNames.KNOWLEDGE, "hello".getBytes(UTF_8));
    }
    await(() -> handled.size() == others + 1, "every connection's message handled");
    assertThat(handled.get(firstDialer))
        .as("held up behind its own handler")
        .containsExactly("wait");

    release.countDown();
    await(
        () -> handled.getOrDefault(firstDialer, List.of()).size() == 2,
        "the waiting connection goes on");
    assertThat(handled.get(firstDialer)).containsExactly("wait", "after the wait");
  }

  /**
   * More handlers waiting at once than there are session threads, each saying so as the LIP fetcher
   * does: the pool lends threads, so every one of them is waiting at the same time and a further
   * connection is still served.
   */
  @Test
  void handlersThatSayTheyWaitNeverLeaveOthersWithoutAThread() throws Exception {
    InetSocketAddress address =
        listener.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    List<CompletableFuture<RttConnection>> dials = new ArrayList<>();
    for (int i = 0; i < MANAGED_WAITERS; i++) {
      dials.add(dial(address));
    }
    for (CompletableFuture<RttConnection> d : dials) {
      d.get(GUARD_SECONDS, TimeUnit.SECONDS).send(ChannelNames.KNOWLEDGE, WAIT_MANAGED);
    }
    assertThat(waitingManaged.await(GUARD_SECONDS, TimeUnit.SECONDS))
        .as(
            "%d handlers waiting at once on %d session threads",
            MANAGED_WAITERS, RttEventLoops.SESSION_THREADS)
        .isTrue();
    dial(address)
        .get(GUARD_SECONDS, TimeUnit.SECONDS)
        .send(ChannelNames.KNOWLEDGE, "hello".getBytes(UTF_8));
    await(() -> handled.size() == MANAGED_WAITERS + 1, "a further connection served");
  }

  private CompletableFuture<RttConnection> dial(InetSocketAddress address) {
    RttEndpoint dialer = endpoint("dialer-" + dialers.size(), null);
    dialers.add(dialer);
    return dialer.dialAsync(address, Optional.empty());
  }

  private static String fingerprint(RttEndpoint endpoint) {
    return endpoint.local().identity().publicKey().fingerprint();
  }

  private void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": not within " + GUARD_SECONDS + " s; handled " + handled);
      }
      Thread.sleep(10);
    }
  }

  private RttEndpoint endpoint(String name, RttConnection.@Nullable MessageHandler handler) {
    return new RttEndpoint(
        RttHandshake.LocalIdentity.generate(name, random),
        Clock.systemUTC(),
        random,
        e -> {},
        handler,
        c -> {});
  }

  private static String text(byte[] message) {
    return new String(message, UTF_8);
  }
}
