package org.web4.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServerTest;
import org.web4.harness.Verdict;
import org.web4.rtt.RttEvent;
import picocli.CommandLine;

/** {@code web4 connect} against a reference agent listening on loopback. */
class ConnectCommandTest {
  private static final Instant HELLO_TIME = Instant.parse("2026-01-15T09:31:00Z");

  private final AgentKeyPair agentKey = AgentKeyPair.generate(new SecureRandom());
  private final ReferenceAgent agent =
      new ReferenceAgent(
          new HarnessBackend.Implementation("web4-reference", "test"),
          "bob",
          agentKey,
          new AdjustableClock(Clock.fixed(HELLO_TIME, ZoneOffset.UTC)),
          new SecureRandom(),
          RttEvent.Sink.none());

  @AfterEach
  void stop() {
    agent.close();
  }

  private String listen() throws Exception {
    InetSocketAddress a = agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return "127.0.0.1:" + a.getPort();
  }

  private byte[] signedHello() {
    Verdict<HarnessBackend.SignedEnvelope> v =
        agent
            .backend()
            .signEnvelope(
                HexFormat.of().parseHex(HarnessServerTest.SEED),
                HarnessServerTest.HELLO_UNSIGNED.getBytes(StandardCharsets.UTF_8));
    return ((Verdict.Valid<HarnessBackend.SignedEnvelope>) v).value().envelope();
  }

  private static int run(ByteArrayOutputStream out, String... args) throws Exception {
    ConnectCommand c = new ConnectCommand();
    new CommandLine(c).parseArgs(args);
    return c.run(
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void anEnvelopeIsDeliveredAndTheSessionEndsWithGoAway(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("hello.json");
    Files.write(file, signedHello());
    // CIP: the envelope's sender must be the identity that dials (spec/cip.md CIP-SES-001)
    Path key = dir.resolve("sender.pem");
    KeyFiles.writePrivateKey(
        AgentKeyPair.fromSeed(HexFormat.of().parseHex(HarnessServerTest.SEED)), key);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit =
        run(
            out,
            listen(),
            "--expect",
            agentKey.publicKey().fingerprint(),
            "--key",
            key.toString(),
            "--send",
            file.toString());

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed)
        .contains("rtt.handshake.completed")
        .contains("connected agent_id=bob fingerprint=" + agentKey.publicKey().fingerprint())
        .contains("delivered")
        .contains("rtt.goaway.sent")
        .contains("rtt.goaway.received");
  }

  @Test
  void aRefusedEnvelopeIsReportedWithItsCode(@TempDir Path dir) throws Exception {
    byte[] bytes = signedHello();
    bytes[bytes.length - 3] ^= 0x01; // inside the base64 signature near its end
    Path file = dir.resolve("bad.json");
    Files.write(file, bytes);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = run(out, listen(), "--send", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("refused code=");
  }

  @Test
  void anUnexpectedPeerIsRefused() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = run(out, listen(), "--expect", "00".repeat(32));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("handshake failed")
        .contains("rtt.handshake.failed");
  }
}
