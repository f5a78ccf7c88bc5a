package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.testing.ScriptedPeer;

/**
 * [HAR-RTT-002] an accepted connection is listed before its frame 0 (the confirming PING of
 * RTT-HS-007) can leave: a peer that read that frame and asks {@code rtt/connections} at once finds
 * the connection. Deterministic: the connection listener runs on the accepting thread just before
 * the connection's writer starts, and records what {@link RttEndpoint#connections()} held then (a
 * kit run under load once read the list between frame 0 and the registration).
 */
class ListedBeforeFrameZeroTest {
  private final SecureRandom random = new SecureRandom();
  private final CompletableFuture<Boolean> listedWhenStarted = new CompletableFuture<>();
  private final RttEndpoint reference =
      new RttEndpoint(
          new RttHandshake.LocalIdentity(
              "reference",
              AgentKeyPair.fromSeed(new byte[32]),
              Curve25519KeyPair.generate(random),
              RttLimits.DEFAULT),
          new AdjustableClock(Clock.systemUTC()),
          random,
          RttEvent.Sink.none(),
          null,
          c -> listedWhenStarted.complete(this.reference.connections().contains(c)));

  @AfterEach
  void close() {
    reference.close();
  }

  @Test
  void anAcceptedConnectionIsListedBeforeItsFirstFrameIsWritten() throws Exception {
    InetSocketAddress address =
        reference.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try (ScriptedPeer initiator = ScriptedPeer.initiate(address, AgentKeyPair.generate(random))) {
      Frame first = initiator.read();
      assertThat(first.type()).isEqualTo(FrameType.PING);
      assertThat(listedWhenStarted.get(5, TimeUnit.SECONDS)).isTrue();
      Set<RttConnection> listed = reference.connections();
      assertThat(listed).hasSize(1);
    }
  }
}
