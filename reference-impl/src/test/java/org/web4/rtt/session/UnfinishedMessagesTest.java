package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.web4.rtt.session.RttConnectionTest.awaitCondition;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;

/**
 * Unfinished messages between two reference endpoints over loopback (spec/rtt.md §7, RTT-LIM-004
 * and RTT-LIM-005; issue 20 item 3). What a misbehaving peer does (a message left unfinished with
 * credit to spare, 64 MiB held) is checked on the wire by the kit (features/rtt/timers.feature,
 * limits.feature); here: an honest sender waiting for the receiver's own credit is never refused,
 * and finished messages give their bytes back.
 */
class UnfinishedMessagesTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair bobKey = AgentKeyPair.fromSeed(new byte[32]);
  private final RttEndpoint alice = endpoint("alice", AgentKeyPair.fromSeed(filled(3)));
  private final RttEndpoint bob = endpoint("bob", bobKey);

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  /**
   * Bob's application does not take the first message, so its credit stays out and the second
   * message stops mid-way with bob's window at zero: alice waits for bob, and the deadline
   * [RTT-LIM-004] does not count against her.
   */
  @Test
  void aSenderWaitingForTheReceiversOwnCreditIsNeverRefusedForTheDeadline() throws Exception {
    RttConnection sender = alice.dial(bob.listen(loopback()), Optional.empty());
    awaitCondition(() -> !bob.connections().isEmpty());
    RttConnection receiver = bob.connections().iterator().next();
    sender.send(ChannelNames.KNOWLEDGE, new byte[600_000]);
    sender.send(ChannelNames.KNOWLEDGE, new byte[RttLimits.MAX_MESSAGE]);
    long unfinished = RttLimits.WINDOW - 600_000;
    awaitCondition(() -> receiver.unfinishedBytes() == unfinished);

    clock.advance(RttLimits.MESSAGE_DEADLINE.plusSeconds(1));
    bob.runTimersNow();
    assertThat(receiver.state()).isEqualTo(RttConnection.State.OPEN);

    // bob takes the first message: its credit lets the second one finish, which counts no more
    assertThat(receiver.receive(ChannelNames.KNOWLEDGE, WAIT)).isPresent();
    assertThat(receiver.receive(ChannelNames.KNOWLEDGE, WAIT)).isPresent();
    assertThat(receiver.unfinishedBytes()).isZero();
    bob.runTimersNow();
    assertThat(receiver.state()).isEqualTo(RttConnection.State.OPEN);
  }

  private RttEndpoint endpoint(String name, AgentKeyPair key) {
    return new RttEndpoint(
        new RttHandshake.LocalIdentity(
            name, key, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
        clock,
        random,
        e -> {},
        null,
        c -> {});
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
