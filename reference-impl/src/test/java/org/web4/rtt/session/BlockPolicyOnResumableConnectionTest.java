package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;

/**
 * [RTT-BP-004] the {@code block} send-queue policy (docs/adr/1402) on a resumable connection
 * (docs/adr/1418): a send that waits for room must not hold its RTT session's lock. It did: the
 * peer's ACK, which on a resumable connection comes before every CREDIT [RTT-RES-003], needs that
 * lock, so the CREDIT that would make room was never handled and the send waited its whole block
 * timeout, every frame of the connection stuck behind it. As {@code SendQueuePolicyTest}'s block
 * case, with resume on and the longest block timeout, 60 s: the waiting send must complete once the
 * receiver takes messages. Before the fix it was refused after its 60 s, #3 to #5 stuck behind it;
 * the 120 s guards are generous bounds on a hang, not timed assertions.
 */
class BlockPolicyOnResumableConnectionTest {
  private static final int MESSAGE = 500_000;
  private static final int KNOWLEDGE = ChannelNames.KNOWLEDGE;
  private static final long GUARD_SECONDS = 120;

  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair bobKey = AgentKeyPair.generate(random);
  private final RttEndpoint alice = endpoint("alice", AgentKeyPair.generate(random));
  private final RttEndpoint bob = endpoint("bob", bobKey);
  private RttConnection sender;
  private RttConnection receiver;

  @BeforeEach
  void connect() throws Exception {
    alice.enableResume(true);
    bob.enableResume(true);
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    sender = alice.dial(address, Optional.of(bobKey.publicKey().fingerprint()));
    RttConnectionTest.awaitCondition(() -> !bob.connections().isEmpty());
    receiver = bob.connections().iterator().next();
    assertThat(sender.session()).isPresent();
  }

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  @Test
  void aBlockedSendDoesNotHoldItsSessionAndSendsOnceRoomComes() throws Exception {
    alice.setSendQueuePolicy(
        new SendQueuePolicy(
            SendQueuePolicy.Kind.BLOCK, 2, SendQueuePolicy.MAX_BYTES, Duration.ofSeconds(60)));
    for (int i = 1; i <= 4; i++) {
      sender.send(KNOWLEDGE, numbered(i));
    }
    CompletableFuture<Void> fifth =
        CompletableFuture.runAsync(
            () -> {
              try {
                sender.send(KNOWLEDGE, numbered(5));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    RttConnectionTest.awaitCondition(() -> sender.sendQueueCounters().blocked() == 1);
    assertThat(fifth).isNotDone();
    // the receiver takes messages: ACK then CREDIT come back, room is made, #5 goes out
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Delivery d = receiver.receive(KNOWLEDGE, Duration.ofSeconds(GUARD_SECONDS)).orElseThrow();
      numbers.add((int) ((Delivery.Message) d).bytes()[0]);
    }
    fifth.get(GUARD_SECONDS, TimeUnit.SECONDS);
    assertThat(numbers).containsExactly(1, 2, 3, 4, 5);
    assertThat(sender.sendQueueCounters()).isEqualTo(new SendQueueCounters(0, 0, 1));
    // and the session retained #5 like any message: taken, it is acknowledged and released
    RttConnectionTest.awaitCondition(
        () ->
            ((org.web4.rtt.resume.Session) sender.session().orElseThrow()).retainedMessages() == 0);
  }

  private static byte[] numbered(int n) {
    byte[] m = new byte[MESSAGE];
    m[0] = (byte) n;
    return m;
  }

  private RttEndpoint endpoint(String name, AgentKeyPair key) {
    return new RttEndpoint(
        new RttHandshake.LocalIdentity(
            name, key, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
        new AdjustableClock(Clock.systemUTC()),
        random,
        RttEvent.Sink.none(),
        null,
        c -> {});
  }
}
