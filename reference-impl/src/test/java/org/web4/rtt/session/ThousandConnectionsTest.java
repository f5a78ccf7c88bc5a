package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.testing.ScriptedPeer;

/**
 * A thousand peers on a handful of threads (issue 19 item 4, docs/adr/1104): one listener holds
 * 1,000 established connections over real loopback sockets, and one endpoint dials 1,000, while the
 * JVM gains at most 32 threads and every connection answers a PING. The threads are counted against
 * the count before the endpoints existed, so what other tests of this JVM left running is not
 * counted; the RTT threads themselves ({@code rtt-*}) are counted in full.
 *
 * <p>Each test ends by itself: every wait is bounded (the scripted peers' reads by their 5 s socket
 * timeout, the PONGs by {@link #WAIT}). On the build machine each takes 10–30 s (two thousand
 * handshakes' worth of X25519 and Ed25519): a documented long test.
 */
class ThousandConnectionsTest {
  private static final int PEERS = 1000;
  private static final int MAX_THREADS = 32;
  private static final Duration WAIT = Duration.ofSeconds(60);

  private final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final SecureRandom random = new SecureRandom();

  /** PONGs the listener and the dialler received. */
  private final CountDownLatch listenerPongs = new CountDownLatch(PEERS);

  private final CountDownLatch diallerPongs = new CountDownLatch(PEERS);

  private final int threadsBefore = liveThreads();
  private final List<RttEndpoint> endpoints = new ArrayList<>();

  @AfterEach
  void close() {
    endpoints.forEach(RttEndpoint::close);
  }

  @Test
  void aListenerHoldsAThousandAcceptedConnectionsOnAFewThreads() throws Exception {
    RttEndpoint listener = endpoint("listener", listenerPongs);
    InetSocketAddress address = listener.listen(loopback());
    List<ScriptedPeer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < PEERS; i++) {
        ScriptedPeer peer = ScriptedPeer.initiate(address, AgentKeyPair.generate(random));
        peers.add(peer);
        // [RTT-HS-007] the listener's frame 0 confirms each handshake
        assertThat(peer.read().type()).isEqualTo(FrameType.PING);
      }
      assertThat(listener.connections()).hasSize(PEERS);
      assertFewThreads();

      for (int i = 0; i < PEERS; i++) {
        peers.get(i).send(FrameType.PING, 0, ChannelNames.CONTROL, opaque(i));
      }
      for (int i = 0; i < PEERS; i++) {
        Frame pong = peers.get(i).read();
        assertThat(pong.type()).isEqualTo(FrameType.PONG);
        assertThat(pong.body()).isEqualTo(opaque(i));
      }
      assertFewThreads();
    } finally {
      peers.forEach(ScriptedPeer::close);
    }
  }

  @Test
  void anEndpointDialsAThousandConnectionsOnAFewThreads() throws Exception {
    RttEndpoint listener = endpoint("listener", listenerPongs);
    RttEndpoint dialler = endpoint("dialler", diallerPongs);
    InetSocketAddress address = listener.listen(loopback());
    String fingerprint = listener.local().identity().publicKey().fingerprint();
    for (int i = 0; i < PEERS; i++) {
      dialler.dial(address, Optional.of(fingerprint));
    }
    assertThat(dialler.connections()).hasSize(PEERS);
    // Every dialled connection answered the listener's frame 0, a PING [RTT-HS-007].
    assertThat(listenerPongs.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(listener.connections()).hasSize(PEERS);
    assertFewThreads();

    // [RTT-HB-001] 16 s of silence by the shared clock: every dialled connection PINGs its peer,
    // and every accepted connection answers.
    clock.advance(RttLimits.PING_AFTER_SILENCE.plusSeconds(1));
    dialler.runTimersNow();
    assertThat(diallerPongs.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertFewThreads();
  }

  private RttEndpoint endpoint(String name, CountDownLatch pongs) {
    RttEndpoint e =
        new RttEndpoint(
            new RttHandshake.LocalIdentity(
                name,
                AgentKeyPair.generate(random),
                Curve25519KeyPair.generate(random),
                RttLimits.DEFAULT),
            clock,
            random,
            event -> {
              if (event.kind().equals("rtt.heartbeat.pong_received")) {
                pongs.countDown();
              }
            },
            null,
            c -> {});
    endpoints.add(e);
    return e;
  }

  private void assertFewThreads() {
    long rttThreads =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("rtt-"))
            .count();
    int added = liveThreads() - threadsBefore;
    // The figure of docs/performance.md (surefire keeps this line in the test's output file).
    System.out.printf(
        "%d connections: %d rtt-* threads, %d threads added%n", PEERS, rttThreads, added);
    assertThat(rttThreads).isLessThanOrEqualTo(MAX_THREADS);
    assertThat(added).isLessThanOrEqualTo(MAX_THREADS);
  }

  private static int liveThreads() {
    return ManagementFactory.getThreadMXBean().getThreadCount();
  }

  private static byte[] opaque(int i) {
    return ByteBuffer.allocate(8).putLong(i + 1L).array();
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }
}
