package org.web4.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The harness operations that reach into a running agent rather than the vector library
 * (spec/harness.md §4.7–§4.9): its RTT endpoint and its injected clock. Thread-safe.
 */
public interface AgentControl {

  /** One RTT connection as {@code rtt/connections} reports it. */
  record ConnectionInfo(
      String peerAgentId, String peerFingerprint, String state, List<String> channels) {
    public ConnectionInfo {
      channels = List.copyOf(channels);
    }
  }

  /** The outcome of {@code rtt/dial}: the peer when the handshake completed, else why not. */
  record DialOutcome(@Nullable ConnectionInfo peer, @Nullable Rejection refusal) {}

  /** Dials {@code host:port} as initiator, waiting for the handshake to finish or fail. */
  DialOutcome dial(String host, int port, Optional<String> expectFingerprint);

  /** The agent's established RTT connections and how many are still in the handshake. */
  List<ConnectionInfo> connections();

  int handshaking();

  /** Moves the agent's clock forward; returns the new time. */
  Instant advanceClock(Duration by);

  /** Closes every connection and returns the clock to real time (part of {@code reset}). */
  void reset();
}
