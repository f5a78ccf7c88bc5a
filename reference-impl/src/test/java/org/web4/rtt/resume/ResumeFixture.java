package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.session.Delivery;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.testing.Await;

/**
 * Two reference endpoints with RTT 1.1 resume enabled, over loopback sockets, each with its own
 * injected clock; a "cut" closes one side's connection without GOAWAY (its peer sees the TCP stream
 * end): both sides suspend the session.
 */
abstract class ResumeFixture {
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final AdjustableClock aliceClock = new AdjustableClock(Clock.fixed(T0, ZoneOffset.UTC));
  final AdjustableClock bobClock = new AdjustableClock(Clock.fixed(T0, ZoneOffset.UTC));
  final List<RttEvent> events = new CopyOnWriteArrayList<>();
  final SecureRandom random = new SecureRandom();
  final AgentKeyPair aliceKey = AgentKeyPair.fromSeed(new byte[32]);
  final AgentKeyPair bobKey = AgentKeyPair.fromSeed(filled(9));
  final String bobFp = bobKey.publicKey().fingerprint();
  final RttEndpoint alice = endpoint("alice", aliceKey, aliceClock);
  final RttEndpoint bob = endpoint("bob", bobKey, bobClock);

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  RttEndpoint endpoint(String name, AgentKeyPair key, Clock clock) {
    RttEndpoint e =
        new RttEndpoint(
            new RttHandshake.LocalIdentity(
                name, key, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
            clock,
            random,
            events::add,
            null,
            c -> {});
    e.enableResume(true);
    return e;
  }

  /** Alice dials Bob: [alice's connection, bob's]. */
  RttConnection[] connect() throws Exception {
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    RttConnection dialled = alice.dial(address, Optional.of(bobFp));
    return new RttConnection[] {dialled, newConnection(bob, Set.of())};
  }

  /** Alice resumes; returns [alice's connection, bob's] and the answer. */
  RttEndpoint.Resumed resume(RttConnection[] c, Set<RttConnection> old) throws Exception {
    RttEndpoint.Resumed r = alice.resume(bobFp);
    c[0] = r.connection();
    c[1] = newConnection(bob, old);
    return r;
  }

  /** Cuts: alice's side closes without GOAWAY; both sides see the end. */
  void cut(RttConnection[] c) throws Exception {
    c[0].close();
    assertThat(c[1].awaitClosed(WAIT)).isTrue();
    await(() -> alice.sessions().suspendedDialerSession(bobFp).isPresent());
  }

  static RttConnection newConnection(RttEndpoint e, Set<RttConnection> old) {
    await(() -> e.connections().stream().anyMatch(c -> !old.contains(c)));
    return e.connections().stream().filter(c -> !old.contains(c)).findFirst().orElseThrow();
  }

  /** A numbered message: 8 bytes of its number, then {@code size - 8} bytes of filler. */
  static byte[] message(long number, int size) {
    ByteBuffer b = ByteBuffer.allocate(Math.max(8, size));
    b.putLong(number);
    return b.array();
  }

  /** Takes every message waiting on a channel of the given connections, in order. */
  static List<Long> take(int channel, int count, RttConnection... connections) throws Exception {
    List<Long> got = new ArrayList<>();
    for (RttConnection c : connections) {
      while (got.size() < count) {
        Optional<Delivery> d;
        try {
          d = c.receive(channel, c.state() == RttConnection.State.CLOSED ? Duration.ZERO : WAIT);
        } catch (org.web4.rtt.session.RttTransportException e) {
          break; // closed and empty: the next connection
        }
        if (d.isEmpty()) {
          break;
        }
        got.add(ByteBuffer.wrap(((Delivery.Message) d.get()).bytes()).getLong());
      }
    }
    return got;
  }

  static List<Long> range(long from, long to) {
    List<Long> l = new ArrayList<>();
    for (long i = from; i < to; i++) {
      l.add(i);
    }
    return l;
  }

  static void await(BooleanSupplier condition) {
    Await.until("the condition", WAIT.multipliedBy(3), condition);
  }

  static byte[] filled(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
