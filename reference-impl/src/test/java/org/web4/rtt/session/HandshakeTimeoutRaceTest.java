package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.testing.ScriptedPeer;

/**
 * [RTT-LIM-001] the handshake timeout ends only handshakes: a connection whose handshake completed
 * is not closed by it, even when the clock passes 10 s from the accept before the accepting thread
 * has started the connection (under load that thread can wait, while the peer already runs its
 * scenario and moves the clock). The wait is held open deterministically: the connection listener,
 * which runs on that thread after the handshake, blocks until the timers ran.
 */
class HandshakeTimeoutRaceTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final List<RttEvent> events = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch timersRan = new CountDownLatch(1);
  private final RttEndpoint reference =
      new RttEndpoint(
          new RttHandshake.LocalIdentity(
              "reference",
              AgentKeyPair.fromSeed(new byte[32]),
              Curve25519KeyPair.generate(random),
              RttLimits.DEFAULT),
          clock,
          random,
          events::add,
          null,
          c -> {
            started.countDown();
            try {
              assertThat(timersRan.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });

  @AfterEach
  void close() {
    reference.close();
  }

  @Test
  void aCompletedHandshakeIsNotTimedOutWhileItsConnectionStarts() throws Exception {
    InetSocketAddress address =
        reference.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try (ScriptedPeer initiator = ScriptedPeer.initiate(address, AgentKeyPair.generate(random))) {
      assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(reference.handshaking()).isZero(); // message 3 arrived: no longer a handshake
      clock.advance(RttLimits.HANDSHAKE_TIMEOUT.plusSeconds(6));
      reference.runTimersNow();
      timersRan.countDown();

      Frame first = initiator.read(); // [RTT-HS-007] the confirmation, not the end of the stream
      assertThat(first.type()).isEqualTo(FrameType.PING);
      assertThat(first.sequence()).isZero();
      initiator.send(FrameType.PONG, 0, ChannelNames.CONTROL, first.body());
      byte[] opaque = {1, 2, 3, 4, 5, 6, 7, 8};
      initiator.send(FrameType.PING, 0, ChannelNames.CONTROL, opaque);
      // The clock moved 16 s past the connection's start, so a heartbeat PING [RTT-HB-001] may come
      // first: the connection is listed (HAR-RTT-002), and so ticked, while the listener blocks.
      Frame pong = initiator.read();
      while (pong.type() == FrameType.PING) {
        pong = initiator.read();
      }
      assertThat(pong.type()).isEqualTo(FrameType.PONG);
      assertThat(pong.body()).isEqualTo(opaque);
    }
    assertThat(events.stream().map(RttEvent::kind)).doesNotContain("rtt.handshake.failed");
  }
}
