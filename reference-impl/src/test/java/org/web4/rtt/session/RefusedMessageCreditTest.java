package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttEvent;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.testing.ScriptedPeer;

/**
 * [RTT-FLOW-002] credit follows bytes, not verdicts: a refused envelope returns its credit after
 * its non-closing ERROR, and a message of 0 bytes is refused INVALID_ENVELOPE and granted nothing.
 */
class RefusedMessageCreditTest {
  private final SecureRandom random = new SecureRandom();
  private final ReferenceAgent agent =
      new ReferenceAgent(
          new HarnessBackend.Implementation("web4-reference", "test"),
          "reference",
          AgentKeyPair.generate(random),
          new AdjustableClock(Clock.systemUTC()),
          random,
          RttEvent.Sink.none());

  @AfterEach
  void close() {
    agent.close();
  }

  @Test
  void aRefusedEnvelopeReturnsItsCreditAndAnEmptyMessageNone() throws Exception {
    InetSocketAddress address =
        agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try (ScriptedPeer peer = ScriptedPeer.initiate(address, AgentKeyPair.generate(random))) {
      assertThat(peer.read().type()).isEqualTo(FrameType.PING); // [RTT-HS-007]

      byte[] notAnEnvelope = "{}".getBytes(StandardCharsets.UTF_8);
      peer.sendMessage(ChannelNames.CONTROL, notAnEnvelope); // frame 0
      assertRefusal(peer.read(), 0);
      Frame credit = peer.read();
      assertThat(credit.type()).isEqualTo(FrameType.CREDIT);
      assertThat(credit.channel()).isEqualTo(ChannelNames.CONTROL);
      assertThat(ByteBuffer.wrap(credit.body()).getInt()).isEqualTo(notAnEnvelope.length);

      peer.sendMessage(ChannelNames.STATE, new byte[0]); // frame 1
      assertRefusal(peer.read(), 1);
      peer.send(FrameType.PING, 0, ChannelNames.CONTROL, new byte[8]); // a barrier (RTT-FR-006)
      assertThat(peer.read().type())
          .as("no CREDIT for 0 bytes before the PONG")
          .isEqualTo(FrameType.PONG);
    }
  }

  private static void assertRefusal(Frame f, long frame) {
    assertThat(f.type()).isEqualTo(FrameType.ERROR);
    assertThat(f.flags()).isZero();
    assertThat(ErrorBody.decode(f.body()))
        .hasValueSatisfying(
            b -> {
              assertThat(b.code()).isEqualTo("INVALID_ENVELOPE");
              assertThat(b.frame()).isEqualTo(frame);
            });
  }
}
