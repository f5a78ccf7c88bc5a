package org.web4.cli.mesh;

import java.util.List;
import org.web4.cli.CommandErrors.InputException;

/**
 * An agent the demo started: its name, identity, RTT address and harness, and how to stop it.
 * {@link #parse} reads the lines {@code web4 serve} and {@code python3 -m web4py serve} print
 * (spec/harness.md §7).
 */
public final class LiveAgent implements AutoCloseable {
  /** Stops what started the agent. */
  public interface Stopper {
    void stop();
  }

  private final String name;
  private final String implementation;
  private final String fingerprint;
  private final String rttHost;
  private final int rttPort;
  private final HarnessClient harness;
  private final Stopper stopper;

  LiveAgent(
      String name,
      String implementation,
      String fingerprint,
      String rttHost,
      int rttPort,
      HarnessClient harness,
      Stopper stopper) {
    this.name = name;
    this.implementation = implementation;
    this.fingerprint = fingerprint;
    this.rttHost = rttHost;
    this.rttPort = rttPort;
    this.harness = harness;
    this.stopper = stopper;
  }

  /**
   * The agent whose {@code serve} printed {@code lines}: {@code identity agent_id=… fingerprint=…},
   * {@code rtt HOST:PORT}, {@code harness URL token=…}.
   */
  static LiveAgent parse(String name, String implementation, List<String> lines, Stopper stopper)
      throws InputException {
    String fingerprint = null;
    String rtt = null;
    String harness = null;
    String token = null;
    for (String line : lines) {
      String[] words = line.strip().split(" ", -1);
      if (words[0].equals("identity")) {
        for (String w : words) {
          if (w.startsWith("fingerprint=")) {
            fingerprint = w.substring("fingerprint=".length());
          }
        }
      } else if (words[0].equals("rtt") && words.length == 2) {
        rtt = words[1];
      } else if (words[0].equals("harness") && words.length == 3 && words[2].startsWith("token=")) {
        harness = words[1];
        token = words[2].substring("token=".length());
      }
    }
    if (fingerprint == null || rtt == null || harness == null || token == null) {
      stopper.stop();
      throw new InputException(
          name
              + " ("
              + implementation
              + "): its serve printed no identity, rtt and harness lines: "
              + lines);
    }
    int colon = rtt.lastIndexOf(':');
    return new LiveAgent(
        name,
        implementation,
        fingerprint,
        rtt.substring(0, colon),
        Integer.parseInt(rtt.substring(colon + 1)),
        new HarnessClient(harness, token, java.time.Duration.ofSeconds(30)),
        stopper);
  }

  public String name() {
    return name;
  }

  /** {@code web4-reference} or {@code web4py}. */
  public String implementation() {
    return implementation;
  }

  public String fingerprint() {
    return fingerprint;
  }

  public String rttHost() {
    return rttHost;
  }

  public int rttPort() {
    return rttPort;
  }

  public HarnessClient harness() {
    return harness;
  }

  @Override
  public void close() {
    stopper.stop();
  }
}
