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

  /**
   * One RTT connection as {@code rtt/connections} reports it, with its send queue [HAR-RTT-003]:
   * {@code queuedMessages} accepted for sending and not yet wholly in DATA frames, {@code
   * queuedBytes} of theirs not yet in one.
   */
  record ConnectionInfo(
      String peerAgentId,
      String peerFingerprint,
      String state,
      List<String> channels,
      int queuedMessages,
      long queuedBytes,
      SendQueueCounts queueCounts) {
    public ConnectionInfo {
      channels = List.copyOf(channels);
    }
  }

  /**
   * What the send-queue policy did on a connection [HAR-RTT-005]: messages dropped, sends refused,
   * sends made to wait.
   */
  record SendQueueCounts(long dropped, long refused, long blocked) {}

  /**
   * {@code POST rtt/send_queue} [HAR-RTT-004]: the send-queue policy of every connection, open now
   * or later, until the next call or {@code reset} (which restores the default).
   *
   * @param policy {@code error}, {@code drop_oldest}, {@code drop_newest} or {@code block}
   */
  default void setSendQueuePolicy(
      String policy, int maxMessages, long maxBytes, long blockTimeoutMillis) {
    throw new UnsupportedOperationException("no send-queue policies");
  }

  /**
   * {@code POST rtt/resume} [HAR-RES-001]: turns RTT 1.1 session resume (docs/drafts/rtt-resume.md)
   * on or off for every connection handshaken from now on, until the next call or {@code reset}
   * (which restores the setting the agent was started with [HAR-RES-002]).
   */
  default void setResume(boolean enabled) {
    throw new UnsupportedOperationException("no RTT 1.1 session resume");
  }

  /**
   * {@code POST rtt/send} [HAR-RES-003] (harness 1.3): on the open connection with the peer, opens
   * the named channel if needed and sends {@code count} numbered copies of {@code data}.
   *
   * @return how many messages the send queue accepted (0 without an open connection to the peer)
   */
  default int sendNamed(String peerFingerprint, String channel, byte[] data, int count)
      throws InterruptedException {
    throw new UnsupportedOperationException("no rtt/send");
  }

  /** What the agent delivered on one named channel of one peer, as SHA-256 digests in order. */
  record InboxChannel(String peerFingerprint, String channel, List<String> digests) {
    public InboxChannel {
      digests = List.copyOf(digests);
    }
  }

  /** {@code GET rtt/inbox} [HAR-RES-004] (harness 1.3): every named channel's deliveries. */
  default List<InboxChannel> inbox() {
    throw new UnsupportedOperationException("no rtt/inbox");
  }

  /** The outcome of {@code rtt/dial}: the peer when the handshake completed, else why not. */
  record DialOutcome(@Nullable ConnectionInfo peer, @Nullable Rejection refusal) {}

  /** Dials {@code host:port} as initiator, waiting for the handshake to finish or fail. */
  DialOutcome dial(String host, int port, Optional<String> expectFingerprint);

  /**
   * {@code rtt/dial} with {@code "resume":true} [HAR-RES-005] (harness 1.4): dials as {@link #dial}
   * and keeps the RTT 1.1 session, resuming it on its own after an abrupt end.
   */
  default DialOutcome dialKeeping(String host, int port, String expectFingerprint) {
    throw new UnsupportedOperationException("no resuming rtt/dial");
  }

  /** Whether RTT 1.1 session resume is on now ({@code rtt/resume}, HAR-RES-001). */
  default boolean resumeEnabled() {
    return false;
  }

  /** The agent's established RTT connections and how many are still in the handshake. */
  List<ConnectionInfo> connections();

  int handshaking();

  /** Moves the agent's clock forward; returns the new time. */
  Instant advanceClock(Duration by);

  /**
   * Holds the agent's clock still: from now on it moves only by {@link #advanceClock}, until a
   * reset (spec/harness.md HAR-CLK-002); returns its reading.
   */
  Instant holdClock();

  /** One fact as {@code knowledge} reports it. */
  record FactInfo(String factRef, String proposer, String status, List<String> confirmedBy) {
    public FactInfo {
      confirmedBy = List.copyOf(confirmedBy);
    }
  }

  /** The trust state of every known peer, by fingerprint (spec/cip.md §4.4). */
  java.util.Map<String, String> trust();

  /** Adds trust anchors (fingerprints). */
  void addAnchors(java.util.Set<String> fingerprints);

  /** The operator's override of a peer's trust state ({@code untrusted}, …). */
  void overrideTrust(String fingerprint, String state);

  /** Sets the agent's own presence and load index (spec/cip.md §4.3). */
  void setLoad(String presence, int lri);

  /** Every fact peers proposed, with its status. */
  List<FactInfo> facts();

  /** The observability events after {@code since}, at most {@code limit} (spec/events.md). */
  List<com.fasterxml.jackson.databind.node.ObjectNode> events(long since, int limit);

  /** The seq of the last event reported (0: none). */
  long lastEvent();

  /** The IUT's principal (spec/harness.md §4.12); empty when HCP is not offered. */
  default Optional<HcpControl> hcpControl() {
    return Optional.empty();
  }

  /** The LIP side of the agent (spec/harness.md §4.13); empty when it has none. */
  default java.util.Optional<LipControl> lip() {
    return java.util.Optional.empty();
  }

  /** The mesh side of the agent (spec/harness.md §4.14); empty when it has none. */
  default java.util.Optional<MeshControl> mesh() {
    return java.util.Optional.empty();
  }

  /** Closes every connection and returns the clock to real time (part of {@code reset}). */
  void reset();
}
