package org.web4.conformance.testing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.target.IutKey;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;

/**
 * The reference in this JVM, with deliberate deviations, listening for RTT and serving its harness
 * on loopback: what the tests that run the kit against a deviant or attacked reference start.
 */
public final class ReferenceOnLoopback implements AutoCloseable {
  private static final String TOKEN = "reference-on-loopback";

  private final ReferenceAgent agent;
  private final HarnessServer server;
  private final InetSocketAddress rtt;
  private final HarnessClient harness;

  /**
   * @param name the implementation's name in {@code info}
   * @param seed the run's seed, from which the reference's identity key derives
   */
  public ReferenceOnLoopback(String name, long seed, Set<Deviation> deviations) throws Exception {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    agent =
        new ReferenceAgent(
            new HarnessBackend.Implementation(name, "1"),
            name,
            IutKey.forSeed(seed),
            new AdjustableClock(Clock.systemUTC()),
            new SecureRandom(),
            RttEvent.Sink.none(),
            deviations);
    server = new HarnessServer();
    try {
      rtt = agent.listen(loopback);
      int port = server.start(loopback, TOKEN, agent.backend());
      harness = new HarnessClient("http://127.0.0.1:" + port + "/harness/v1", TOKEN);
    } catch (Exception e) {
      close();
      throw e;
    }
  }

  /** Where the reference listens for RTT. */
  public InetSocketAddress rtt() {
    return rtt;
  }

  /** A client of its harness, with the token. */
  public HarnessClient harness() {
    return harness;
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      agent.close();
    }
  }
}
