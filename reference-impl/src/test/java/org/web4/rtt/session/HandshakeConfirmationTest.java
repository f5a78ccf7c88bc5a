package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.testing.ScriptedPeer;

/**
 * spec/rtt.md §3.4: an accepting responder confirms with a PING as frame 0 [RTT-HS-007]; an
 * initiator counts the handshake complete only on the responder's first frame that is not an ERROR,
 * and otherwise fails the dial [RTT-HS-008]. The other end is a {@link ScriptedPeer}.
 */
class HandshakeConfirmationTest {
  private static final Duration WAIT = Duration.ofSeconds(5);

  private final AdjustableClock clock =
      new AdjustableClock(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  private final List<RttEvent> events = new CopyOnWriteArrayList<>();
  private final SecureRandom random = new SecureRandom();
  private final AgentKeyPair referenceKey = AgentKeyPair.fromSeed(new byte[32]);
  private final AgentKeyPair scriptedKey = AgentKeyPair.generate(random);
  private final RttEndpoint reference =
      new RttEndpoint(
          new RttHandshake.LocalIdentity(
              "reference", referenceKey, Curve25519KeyPair.generate(random), RttLimits.DEFAULT),
          clock,
          random,
          events::add,
          null,
          c -> {});

  @AfterEach
  void close() {
    reference.close();
  }

  @Test
  void anAcceptingResponderSendsAPingAsFrameZero() throws Exception {
    InetSocketAddress address = reference.listen(loopback());
    try (ScriptedPeer initiator = ScriptedPeer.initiate(address, scriptedKey)) {
      Frame first = initiator.read();
      assertThat(first.type()).isEqualTo(FrameType.PING);
      assertThat(first.sequence()).isZero();
      assertThat(first.channel()).isEqualTo(ChannelNames.CONTROL);
      assertThat(first.flags()).isZero();
      assertThat(first.body()).hasSize(8);
      initiator.send(FrameType.PONG, 0, ChannelNames.CONTROL, first.body());
      initiator.send(FrameType.PING, 0, ChannelNames.CONTROL, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
      Frame pong = initiator.read();
      assertThat(pong.type()).isEqualTo(FrameType.PONG);
      assertThat(pong.sequence()).isEqualTo(1);
    }
  }

  @Test
  void theInitiatorCompletesOnThePingAndAnswersIt() throws Exception {
    try (ServerSocket listener = listener()) {
      CompletableFuture<RttConnection> dial = dial(listener);
      try (ScriptedPeer responder = ScriptedPeer.respond(listener, scriptedKey)) {
        byte[] opaque = {9, 8, 7, 6, 5, 4, 3, 2};
        responder.send(FrameType.PING, 0, ChannelNames.CONTROL, opaque);
        RttConnection c = dial.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(c.peer().key()).isEqualTo(scriptedKey.publicKey());
        assertThat(reference.connections()).containsExactly(c);
        Frame pong = responder.read();
        assertThat(pong.type()).isEqualTo(FrameType.PONG);
        assertThat(pong.sequence()).isZero();
        assertThat(pong.body()).isEqualTo(opaque);
        assertThat(kinds()).contains("rtt.handshake.completed");
      }
    }
  }

  @Test
  void anErrorAsTheFirstFrameFailsTheDial() throws Exception {
    try (ServerSocket listener = listener()) {
      CompletableFuture<RttConnection> dial = dial(listener);
      try (ScriptedPeer responder = ScriptedPeer.respond(listener, scriptedKey)) {
        byte[] body = new ErrorBody(ErrorCode.HANDSHAKE.name(), null, null, "no").encode();
        responder.send(FrameType.ERROR, RttConnection.FLAG_CLOSING, ChannelNames.CONTROL, body);
        assertFailed(dial, RttHandshakeException.Reason.REFUSED_BY_PEER);
      }
    }
    assertThat(kinds()).contains("rtt.handshake.failed").doesNotContain("rtt.handshake.completed");
    RttEvent failed = event("rtt.handshake.failed");
    assertThat(failed.attributes().get("peer_fingerprint"))
        .isEqualTo(scriptedKey.publicKey().fingerprint());
    assertThat(reference.connections()).isEmpty();
  }

  @Test
  void theEndOfTheConnectionBeforeTheFirstFrameFailsTheDial() throws Exception {
    try (ServerSocket listener = listener()) {
      CompletableFuture<RttConnection> dial = dial(listener);
      ScriptedPeer.respond(listener, scriptedKey).close();
      assertFailed(dial, RttHandshakeException.Reason.NO_CONFIRMATION);
    }
    assertThat(kinds()).doesNotContain("rtt.handshake.completed");
    assertThat(reference.connections()).isEmpty();
  }

  @Test
  void noFirstFrameWithinTheHandshakeTimeoutFailsTheDial() throws Exception {
    try (ServerSocket listener = listener()) {
      CompletableFuture<RttConnection> dial = dial(listener);
      try (ScriptedPeer responder = ScriptedPeer.respond(listener, scriptedKey)) {
        RttConnectionTest.awaitCondition(() -> reference.handshaking() == 1);
        clock.advance(RttLimits.HANDSHAKE_TIMEOUT);
        reference.runTimersNow();
        assertThatThrownBy(() -> dial.get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class);
        assertThat(responder.readOrEnd()).isEmpty(); // nothing, then the end of the stream
      }
    }
    assertThat(kinds()).contains("rtt.handshake.failed").doesNotContain("rtt.handshake.completed");
    assertThat(reference.handshaking()).isZero();
  }

  @Test
  void aFirstMessageThatDoesNotAuthenticateIsRefusedWithFrame() throws Exception {
    try (ServerSocket listener = listener()) {
      CompletableFuture<RttConnection> dial = dial(listener);
      try (ScriptedPeer responder = ScriptedPeer.respond(listener, scriptedKey)) {
        responder.sendUnauthenticated();
        assertFailed(dial, RttHandshakeException.Reason.FRAME);
        Frame error = responder.read();
        assertThat(error.type()).isEqualTo(FrameType.ERROR);
        assertThat(error.flags()).isEqualTo(RttConnection.FLAG_CLOSING);
        assertThat(ErrorBody.decode(error.body()))
            .hasValueSatisfying(b -> assertThat(b.code()).isEqualTo("FRAME"));
      }
    }
  }

  private CompletableFuture<RttConnection> dial(ServerSocket listener) {
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return reference.dial(address, Optional.empty());
          } catch (Exception e) {
            throw new java.util.concurrent.CompletionException(e);
          }
        });
  }

  private static void assertFailed(
      CompletableFuture<RttConnection> dial, RttHandshakeException.Reason reason) {
    assertThatThrownBy(() -> dial.get(WAIT.toSeconds(), TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOfSatisfying(
            RttHandshakeException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  private List<String> kinds() {
    return events.stream().map(RttEvent::kind).toList();
  }

  private RttEvent event(String kind) {
    return events.stream().filter(e -> e.kind().equals(kind)).findFirst().orElseThrow();
  }

  private static ServerSocket listener() throws java.io.IOException {
    return new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
  }

  private static InetSocketAddress loopback() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
  }
}
