package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.Curve25519KeyPair;

/** Two reference endpoints over loopback sockets, with an injected clock for the timers. */
class RttConnectionTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final List<RttEvent> events = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair aliceKey = AgentKeyPair.fromSeed(new byte[32]);
  private final AgentKeyPair bobKey = AgentKeyPair.fromSeed(filled(9));
  private final RttEndpoint alice = endpoint("alice", aliceKey);
  private final RttEndpoint bob = endpoint("bob", bobKey);

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  private RttEndpoint endpoint(String name, AgentKeyPair key) {
    return new RttEndpoint(
        new RttHandshake.LocalIdentity(
            name, key, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
        clock,
        random,
        events::add,
        null,
        c -> {});
  }

  private RttConnection[] connect() throws Exception {
    InetSocketAddress address = bob.listen(loopback());
    RttConnection dialled = alice.dial(address, Optional.of(bobKey.publicKey().fingerprint()));
    RttConnection accepted = awaitOne(bob);
    return new RttConnection[] {dialled, accepted};
  }

  @Test
  void theHandshakeAuthenticatesBothSidesAndOpensTheStandardChannels() throws Exception {
    RttConnection[] c = connect();
    assertThat(c[0].peer().agentId()).isEqualTo("bob");
    assertThat(c[1].peer().key()).isEqualTo(aliceKey.publicKey());
    assertThat(c[0].channelNames()).containsExactly("control", "state", "knowledge");
    assertThat(c[1].peer().limits()).isEqualTo(RttLimits.DEFAULT);
  }

  @Test
  void aDialerThatExpectsAnotherIdentityRefusesTheResponder() throws Exception {
    InetSocketAddress address = bob.listen(loopback());
    assertThatThrownBy(() -> alice.dial(address, Optional.of("00".repeat(32))))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.UNEXPECTED_PEER));
    assertThat(alice.connections()).isEmpty();
  }

  @Test
  void messagesOfEverySizeArriveWholeAndInOrder() throws Exception {
    RttConnection[] c = connect();
    Random r = new Random(42);
    int[] sizes = {0, 1, 65_511, 65_512, 300_000, RttLimits.MAX_MESSAGE};
    for (int size : sizes) {
      byte[] m = new byte[size];
      r.nextBytes(m);
      c[0].send(ChannelNames.KNOWLEDGE, m);
      Delivery d = c[1].receive(ChannelNames.KNOWLEDGE, WAIT).orElseThrow();
      assertThat(((Delivery.Message) d).bytes()).isEqualTo(m);
    }
  }

  @Test
  void creditBoundsWhatIsInFlightAndComesBackAsTheReceiverConsumes() throws Exception {
    RttConnection[] c = connect();
    // 40 messages of 64 KiB = 2.5 MiB, over twice the window: only returned credit lets them
    // through.
    byte[] m = new byte[65_536];
    for (int i = 0; i < 40; i++) {
      m[0] = (byte) i;
      c[0].send(ChannelNames.STATE, m.clone());
    }
    for (int i = 0; i < 40; i++) {
      Delivery d = c[1].receive(ChannelNames.STATE, WAIT).orElseThrow();
      assertThat(((Delivery.Message) d).bytes()[0]).isEqualTo((byte) i);
    }
  }

  @Test
  void aFullSendQueueRaisesBackpressure() throws Exception {
    RttConnection[] c = connect();
    byte[] m = new byte[65_536];
    // 16 fill the 1 MiB window, 64 wait; the next one has nowhere to go (the receiver never reads).
    for (int i = 0; i < 16 + SendQueuePolicy.DEFAULT.maxMessages(); i++) {
      c[0].send(ChannelNames.STATE, m);
    }
    assertThatThrownBy(() -> c[0].send(ChannelNames.STATE, m))
        .isInstanceOf(RttBackpressureException.class);
  }

  @Test
  void namedChannelsOpenAndClose() throws Exception {
    RttConnection[] c = connect();
    int id = c[0].openChannel("telemetry", WAIT);
    assertThat(id).isEqualTo(4); // the initiator's first even id
    c[0].send(id, new byte[] {1, 2, 3});
    assertThat(((Delivery.Message) c[1].receive(id, WAIT).orElseThrow()).bytes())
        .containsExactly(1, 2, 3);
    c[0].closeChannel(id);
    awaitCondition(() -> !c[1].channelNames().contains("telemetry"));
    awaitCondition(() -> !c[0].channelNames().contains("telemetry"));
    int again = c[1].openChannel("telemetry", WAIT);
    assertThat(again).isEqualTo(3); // the responder's first odd id
  }

  @Test
  void silenceBringsAPingAndTheAnswerKeepsTheConnection() throws Exception {
    RttConnection[] c = connect();
    clock.advance(Duration.ofSeconds(16));
    awaitCondition(() -> hasEvent("rtt.heartbeat.pong_received"));
    assertThat(c[0].state()).isEqualTo(RttConnection.State.OPEN);
  }

  @Test
  void aPeerSilentFor45SecondsIsDead() throws Exception {
    RttConnection[] c = connect();
    // Past the dead-peer timeout in one step: no PING can be answered in between. Both sides
    // share the clock, so either may be the one that declares the other dead.
    clock.advance(Duration.ofSeconds(46));
    awaitCondition(() -> c[0].state() == RttConnection.State.CLOSED);
    awaitCondition(() -> c[1].state() == RttConnection.State.CLOSED);
    assertThat(c[0].closeReason().orElseThrow().code()).isEqualTo(ErrorCode.TIMEOUT.name());
  }

  @Test
  void goAwayIsAnsweredAndBothSidesClose() throws Exception {
    RttConnection[] c = connect();
    c[0].shutdown();
    assertThat(c[0].awaitClosed(WAIT)).isTrue();
    assertThat(c[1].awaitClosed(WAIT)).isTrue();
    assertThat(hasEvent("rtt.goaway.received")).isTrue();
    assertThatThrownBy(() -> c[0].send(ChannelNames.CONTROL, new byte[1]))
        .isInstanceOf(RttTransportException.class);
  }

  @Test
  void aConnectionThatNeverHandshakesIsClosedAfterTenSeconds() throws Exception {
    InetSocketAddress address = bob.listen(loopback());
    try (Socket s = new Socket(address.getAddress(), address.getPort())) {
      awaitCondition(() -> bob.handshaking() == 1);
      clock.advance(Duration.ofSeconds(10));
      s.setSoTimeout((int) WAIT.toMillis());
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    awaitCondition(() -> bob.handshaking() == 0);
  }

  @Test
  void at64UnauthenticatedConnectionsTheNextIsClosedAtAccept() throws Exception {
    InetSocketAddress address = bob.listen(loopback());
    Socket[] held = new Socket[RttLimits.MAX_UNAUTHENTICATED];
    try {
      for (int i = 0; i < held.length; i++) {
        held[i] = new Socket(address.getAddress(), address.getPort());
      }
      awaitCondition(() -> bob.handshaking() == RttLimits.MAX_UNAUTHENTICATED);
      try (Socket extra = new Socket(address.getAddress(), address.getPort())) {
        extra.setSoTimeout((int) WAIT.toMillis());
        assertThat(readOrReset(extra)).isEqualTo(-1);
      }
      assertThat(bob.handshaking()).isEqualTo(RttLimits.MAX_UNAUTHENTICATED);
    } finally {
      for (Socket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
    awaitCondition(() -> bob.handshaking() == 0);
  }

  private boolean hasEvent(String kind) {
    return events.stream().anyMatch(e -> e.kind().equals(kind));
  }

  private static int readOrReset(Socket s) {
    try {
      return s.getInputStream().read();
    } catch (IOException e) {
      return -1; // a reset is a close too
    }
  }

  private static RttConnection awaitOne(RttEndpoint endpoint) throws InterruptedException {
    awaitCondition(() -> !endpoint.connections().isEmpty());
    return endpoint.connections().iterator().next();
  }

  interface Condition {
    boolean holds();
  }

  static void awaitCondition(Condition condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }

  private static byte[] filled(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
