package org.web4.conformance.target;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.model.CapturedOutput;

/**
 * An implementation that already runs; the runner connects to its harness and its RTT address, or
 * to its RTT address alone (an implementation without a harness: profile core).
 */
public final class ConnectedTarget implements Target {
  private final String name;
  private final @Nullable HarnessClient client;
  private final @Nullable InetSocketAddress rtt;

  public ConnectedTarget(String name, TargetDescriptor.Connect connect) throws TargetException {
    this.name = name;
    String url = connect.harnessUrl();
    String token = connect.harnessToken();
    this.client = url == null || token == null ? null : new HarnessClient(url, token);
    String address = connect.rttAddress();
    this.rtt = address == null ? null : parseAddress(address);
  }

  private static InetSocketAddress parseAddress(String address) throws TargetException {
    int colon = address.lastIndexOf(':');
    try {
      String host = address.substring(0, colon).replace("[", "").replace("]", "");
      return new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
    } catch (RuntimeException e) {
      throw new TargetException("rtt_address must be host:port, not " + address, e);
    }
  }

  @Override
  public Optional<InetSocketAddress> rtt() {
    return Optional.ofNullable(rtt);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean hasHarness() {
    return client != null;
  }

  @Override
  public HarnessClient harness() {
    if (client == null) {
      throw new IllegalStateException(
          name + " has no harness (its target names an RTT address only)");
    }
    return client;
  }

  @Override
  public CapturedOutput output() {
    return CapturedOutput.none();
  }

  @Override
  public void close() {}
}
