package org.web4.rtt.resume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.session.ConnectionProbe;
import org.web4.rtt.session.Delivery;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;

/**
 * RTT 1.1 session resume (docs/drafts/rtt-resume.md) between two reference endpoints over loopback
 * sockets, each with its own injected clock. A "cut" closes one side's connection without GOAWAY
 * (its peer sees the TCP stream end): both sides suspend the session. Every test ends with the
 * exactly-once check on what the receiving application took, across the connections.
 */
class ResumeOverLoopbackTest {
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

  @Test
  void aCutMidMessageFromTheDialerIsResumedAndEveryMessageArrivesOnce() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    // two 600,000-byte messages: the window (1 MiB) lets the second one through only in part
    c[0].send(ChannelNames.KNOWLEDGE, message(0, 600_000));
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 600_000));
    await(() -> ConnectionProbe.unfinishedBytes(c[1]) > 0); // bob holds part of message 1
    RttConnection bobOld = c[1];
    cut(c);
    RttEndpoint.Resumed r = resume(c, old);
    assertThat(r.answer()).isInstanceOf(ResumeAnswer.Resumed.class);
    c[0].send(ChannelNames.KNOWLEDGE, message(2, 10)); // sent after the resume: after the rest
    assertThat(take(ChannelNames.KNOWLEDGE, 3, bobOld, c[1])).isEqualTo(range(0, 3));
  }

  @Test
  void aCutMidMessageFromTheListenerIsResumedAndEveryMessageArrivesOnce() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    c[1].send(ChannelNames.STATE, message(0, 700_000));
    c[1].send(ChannelNames.STATE, message(1, 700_000));
    c[1].send(ChannelNames.STATE, message(2, 5));
    await(() -> ConnectionProbe.unfinishedBytes(c[0]) > 0);
    RttConnection aliceOld = c[0];
    cut(c);
    resume(c, old);
    c[1].send(ChannelNames.STATE, message(3, 0));
    assertThat(take(ChannelNames.STATE, 4, aliceOld, c[0])).isEqualTo(range(0, 4));
  }

  @Test
  void aMessageDeliveredBeforeTheCutButNotAcknowledgedIsNotSentAgain() throws Exception {
    RttConnection[] c = connect();
    Set<RttConnection> old = Set.of(c[1]);
    c[0].send(ChannelNames.KNOWLEDGE, message(0, 100));
    // delivered (queued at bob), not taken: no ACK, no CREDIT before the cut
    await(() -> ConnectionProbe.framesReceived(c[1]) >= 2);
    RttConnection bobOld = c[1];
    cut(c);
    resume(c, old);
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 100));
    assertThat(take(ChannelNames.KNOWLEDGE, 2, bobOld, c[1])).isEqualTo(range(0, 2));
    assertThat(c[1].receive(ChannelNames.KNOWLEDGE, Duration.ZERO)).isEmpty();
  }

  @Test
  void aSessionTheListenerForgotIsAnsweredFreshUnknownAndTheConnectionWorks() throws Exception {
    RttConnection[] c = connect();
    cut(c);
    bob.sessions().clear();
    RttEndpoint.Resumed r = resume(c, Set.of(c[1]));
    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_UNKNOWN));
    c[0].send(ChannelNames.KNOWLEDGE, message(7, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, c[1])).containsExactly(7L);
  }

  @Test
  void aResumeAfterTheRetentionTimeIsAnsweredExpired() throws Exception {
    RttConnection[] c = connect();
    cut(c);
    await(
        () ->
            bob.sessions().sessions().stream().anyMatch(s -> s.state() == Session.State.SUSPENDED));
    bobClock.advance(Duration.ofSeconds(121));
    bob.runTimersNow();
    RttEndpoint.Resumed r = resume(c, Set.of(c[1]));
    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_EXPIRED));
    c[1].send(ChannelNames.KNOWLEDGE, message(9, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, c[0])).containsExactly(9L);
  }

  @Test
  void aResumeJustWithinTheRetentionTimeIsResumed() throws Exception {
    RttConnection[] c = connect();
    cut(c);
    await(
        () ->
            bob.sessions().sessions().stream().anyMatch(s -> s.state() == Session.State.SUSPENDED));
    bobClock.advance(Duration.ofSeconds(119));
    bob.runTimersNow();
    assertThat(resume(c, Set.of(c[1])).answer()).isInstanceOf(ResumeAnswer.Resumed.class);
  }

  @Test
  void aRetiredIdPresentedAgainIsAnsweredReplay() throws Exception {
    RttConnection[] c = connect();
    Session session = alice.sessions().sessions().get(0);
    List<SessionKeys> first = session.ids();
    cut(c);
    Set<RttConnection> old = Set.of(c[1]);
    resume(c, old);
    // the ACK of frame 1 retires the first id at bob (a PING round trip orders it before)
    await(() -> bob.sessions().hasTombstone(first.get(0).id()));
    Set<RttConnection> old2 = Set.of(c[1]);
    cut(c);
    session.replaceIds(first); // a dialer presenting the first id again
    RttEndpoint.Resumed r = resume(c, old2);
    assertThat(r.answer()).isEqualTo(new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.REPLAY));
  }

  @Test
  void aSessionIsResumedAgainAfterACutOfTheResumedConnection() throws Exception {
    RttConnection[] c = connect();
    List<RttConnection> bobs = new ArrayList<>(List.of(c[1]));
    long n = 0;
    for (int round = 0; round < 3; round++) {
      c[0].send(ChannelNames.KNOWLEDGE, message(n++, 600_000));
      c[0].send(ChannelNames.KNOWLEDGE, message(n++, 600_000));
      RttConnection bobNow = c[1];
      await(() -> ConnectionProbe.unfinishedBytes(bobNow) > 0);
      cut(c);
      assertThat(resume(c, Set.copyOf(bobs)).answer()).isInstanceOf(ResumeAnswer.Resumed.class);
      bobs.add(c[1]);
    }
    assertThat(take(ChannelNames.KNOWLEDGE, (int) n, bobs.toArray(new RttConnection[0])))
        .isEqualTo(range(0, n));
  }

  @Test
  void aOnePointZeroPeerHasNoSessionAndNothingToResume() throws Exception {
    bob.enableResume(false);
    RttConnection[] c = connect();
    assertThat(c[0].session()).isEmpty();
    assertThat(c[1].session()).isEmpty();
    c[0].send(ChannelNames.KNOWLEDGE, message(1, 10));
    assertThat(take(ChannelNames.KNOWLEDGE, 1, c[1])).containsExactly(1L);
    c[0].close();
    assertThat(c[1].awaitClosed(WAIT)).isTrue();
    assertThatThrownBy(() -> alice.resume(bobFp)).isInstanceOf(IOException.class);
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos() * 3;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + WAIT.multipliedBy(3));
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  static byte[] filled(int value) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) value);
    return b;
  }
}
