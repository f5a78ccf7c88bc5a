package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;

/**
 * [HAR-RTT-003] {@link RttConnection#sendQueue()} over loopback: the receiver (queue mode) grants
 * credit only as it takes messages, so the sender's window holds back what is over 1,048,576 bytes;
 * the queue counts exactly that, and nothing once the receiver has taken everything.
 */
class SendQueueDepthTest {
  private static final int MESSAGE = 500_000;

  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair bobKey = AgentKeyPair.generate(random);
  private final RttEndpoint alice = endpoint("alice", AgentKeyPair.generate(random));
  private final RttEndpoint bob = endpoint("bob", bobKey);

  @AfterEach
  void close() {
    alice.close();
    bob.close();
  }

  @Test
  void countsWhatTheWindowHoldsBackUntilTheReceiverTakesIt() throws Exception {
    InetSocketAddress address =
        bob.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    RttConnection sender = alice.dial(address, Optional.of(bobKey.publicKey().fingerprint()));
    RttConnectionTest.awaitCondition(() -> !bob.connections().isEmpty());
    RttConnection receiver = bob.connections().iterator().next();
    assertThat(sender.sendQueue()).isEqualTo(SendQueueDepth.EMPTY);

    for (int i = 0; i < 3; i++) {
      sender.send(ChannelNames.KNOWLEDGE, new byte[MESSAGE]);
    }
    // two messages leave whole and 48,576 bytes of the third: the window holds back the rest
    SendQueueDepth heldBack = new SendQueueDepth(1, 3L * MESSAGE - RttLimits.WINDOW);
    RttConnectionTest.awaitCondition(() -> sender.sendQueue().equals(heldBack));

    for (int i = 0; i < 3; i++) {
      assertThat(receiver.receive(ChannelNames.KNOWLEDGE, java.time.Duration.ofSeconds(5)))
          .isPresent();
    }
    // every byte the receiver has was in a DATA frame, so none is counted any more
    assertThat(sender.sendQueue()).isEqualTo(SendQueueDepth.EMPTY);
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
