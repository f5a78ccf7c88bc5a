package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.rtt.RttEvent;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.testing.ScriptedPeer;

/**
 * Issue 20 item 1: a transport message shorter than the 16-byte AES-GCM tag cannot be
 * authenticated; it is answered with a closing ERROR {@code FRAME} [RTT-FR-004], over a real
 * loopback socket, and nothing is logged at ERROR level (before, the JDK's {@code
 * ShortBufferException} escaped as an internal failure with a stack trace per attempt).
 */
class ShortTransportMessageTest {
  private final SecureRandom random = new SecureRandom();
  private final ReferenceAgent agent =
      new ReferenceAgent(
          new HarnessBackend.Implementation("web4-reference", "test"),
          "reference",
          AgentKeyPair.generate(random),
          new AdjustableClock(Clock.systemUTC()),
          random,
          RttEvent.Sink.none());
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void watchTheLog() {
    log.start();
    root.addAppender(log);
  }

  @AfterEach
  void close() {
    root.detachAppender(log);
    agent.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 7, 8, 15, 16})
  void aMessageShorterThanTheTagIsAFrameError(int length) throws Exception {
    InetSocketAddress address =
        agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    try (ScriptedPeer peer = ScriptedPeer.initiate(address, AgentKeyPair.generate(random))) {
      assertThat(peer.read().type()).isEqualTo(FrameType.PING); // [RTT-HS-007]

      peer.sendRaw(new byte[length]);

      Frame error = peer.read();
      assertThat(error.type()).isEqualTo(FrameType.ERROR);
      assertThat(error.flags()).isEqualTo(RttConnection.FLAG_CLOSING);
      assertThat(ErrorBody.decode(error.body()))
          .hasValueSatisfying(b -> assertThat(b.code()).isEqualTo("FRAME"));
      assertThat(peer.readOrEnd()).as("the connection ends after the ERROR").isEmpty();
    }
    assertThat(log.list)
        .as("nothing logged at ERROR level (no stack trace per attempt)")
        .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
  }
}
