package org.web4.conformance.example;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.conformance.junit.Web4Conformance;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.RttEvent;

/**
 * What a Java implementer writes to run the kit inside their own {@code mvn test}: start the agent
 * in-process (here the reference; yours in your build), with its RTT listener and the conformance
 * harness on loopback, and return {@link Web4Conformance#checks()} from a {@code @TestFactory}.
 * Each check becomes one dynamic test; a failure carries the evidence (request, reply, expected).
 *
 * <p>In this repository it proves the JUnit Platform entry end to end against a real agent over
 * real sockets, with a small selection (the scenarios of ENV-SIG-004, one example per property: a
 * few seconds; the whole kit against the reference runs in {@code EmbeddedReferenceRunTest}). The
 * full form drops {@code .tags(...)} and {@code .examples(...)} (conformance-runner/README.md).
 */
class ReferenceConformanceExampleTest {
  private static final String TOKEN = "example-harness-token";

  private static ReferenceAgent agent;
  private static HarnessServer harness;
  private static InetSocketAddress rtt;

  @BeforeAll
  static void startTheAgent() throws Exception {
    SecureRandom random = new SecureRandom();
    agent =
        new ReferenceAgent(
            new HarnessBackend.Implementation("web4-reference", "example"),
            "example-agent",
            AgentKeyPair.generate(random),
            new AdjustableClock(Clock.systemUTC()),
            random,
            RttEvent.Sink.none());
    rtt = agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    harness = new HarnessServer();
    harness.start(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, agent.backend());
  }

  @AfterAll
  static void stopTheAgent() {
    harness.stop();
    agent.close();
  }

  @TestFactory
  Stream<DynamicTest> web4Conformance() {
    return Web4Conformance.against(
            harness.baseUri().toString(), TOKEN, "127.0.0.1:" + rtt.getPort())
        .profile("full")
        .tags("@ENV-SIG-004")
        .examples(1)
        .seed(1)
        .reportDir(Path.of("target", "reports", "junit-example"))
        .checks();
  }
}
