package org.web4.conformance.target;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.build.KitBuild;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CapturedOutput;
import org.web4.crypto.AgentKeyPair;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.RttEvent;

/**
 * The embedded default: the bundled reference implementation, started in this JVM on a free
 * loopback port, reached over real HTTP like any other target.
 */
public final class EmbeddedTarget implements Target {
  public static final String NAME = "embedded reference implementation";

  static {
    // The JDK server writes headers and body in two packets; with Nagle's algorithm and delayed
    // ACKs on loopback that costs ~40 ms per request. A JDK-wide setting, read once when the JDK
    // server is first used.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final ReferenceAgent agent;
  private final InetSocketAddress rtt;
  private final HarnessServer server;
  private final HarnessClient client;

  private EmbeddedTarget(
      ReferenceAgent agent, InetSocketAddress rtt, HarnessServer server, HarnessClient client) {
    this.agent = agent;
    this.rtt = rtt;
    this.server = server;
    this.client = client;
  }

  /** Starts the reference with the identity key of the run's seed. */
  public static EmbeddedTarget start(long seed) throws TargetException {
    AgentKeyPair key = IutKey.forSeed(seed);
    ReferenceAgent agent =
        new ReferenceAgent(
            new HarnessBackend.Implementation("web4-reference", KitBuild.current().kitVersion()),
            "web4-reference",
            key,
            new AdjustableClock(Clock.systemUTC()),
            new SecureRandom(),
            RttEvent.Sink.none());
    String token = IutKey.newToken();
    HarnessServer server = new HarnessServer();
    InetSocketAddress rtt;
    try {
      rtt = agent.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      server.start(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), token, agent.backend());
    } catch (IOException e) {
      server.stop();
      agent.close();
      throw new TargetException("cannot start the embedded reference: " + e.getMessage(), e);
    }
    return new EmbeddedTarget(
        agent, rtt, server, new HarnessClient(server.baseUri().toString(), token));
  }

  @Override
  public Optional<InetSocketAddress> rtt() {
    return Optional.of(rtt);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public HarnessClient harness() {
    return client;
  }

  @Override
  public CapturedOutput output() {
    return CapturedOutput.none();
  }

  @Override
  public void close() {
    server.stop();
    agent.close();
  }
}
