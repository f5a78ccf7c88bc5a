package org.web4.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.web4.envelope.ErrorCode;
import org.web4.harness.AgentControl;
import org.web4.harness.AgentControl.ConnectionInfo;
import org.web4.harness.AgentControl.DialOutcome;
import org.web4.harness.AgentControl.InboxChannel;
import org.web4.harness.Rejection;
import org.web4.rtt.Deviation;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.rtt.session.SendQueueCounters;
import org.web4.rtt.session.SendQueueDepth;
import org.web4.rtt.session.SendQueuePolicy;

/**
 * The reference agent's RTT side as the harness drives it (spec/harness.md §4.3, §4.16, §4.17):
 * dialling, with or without keeping the peer; the open connections and their send queues; resume
 * and the send-queue policy; named-channel traffic; and the transport's part of {@code reset}.
 */
final class AgentTransport {
  private final RttEndpoint endpoint;
  private final KeptDials keptDials;

  /** Named-channel data for harness 1.3's rtt/send and rtt/inbox (spec/harness.md §4.16). */
  private final NamedChannelTraffic traffic;

  /** Deviation.QUEUE_DEPTH_ZERO (testing the kit only): breaks HAR-RTT-003. */
  private final boolean queueDepthZero;

  private final boolean dialResumeNotKept;

  /** Whether resume was on when the harness attached (the setting {@code reset} restores). */
  private volatile boolean resumeAtStart;

  AgentTransport(RttEndpoint endpoint, long seed, Set<Deviation> deviations) {
    this.endpoint = endpoint;
    this.keptDials = new KeptDials(endpoint, seed);
    this.traffic = new NamedChannelTraffic(endpoint);
    this.queueDepthZero = deviations.contains(Deviation.QUEUE_DEPTH_ZERO);
    this.dialResumeNotKept = deviations.contains(Deviation.DIAL_RESUME_NOT_KEPT);
  }

  /** A complete message arrived: named channels keep it for {@code rtt/inbox} [HAR-RES-004]. */
  void delivered(RttConnection connection, int channel, byte[] message) {
    traffic.delivered(connection, channel, message);
  }

  DialOutcome dial(String host, int port, Optional<String> expectFingerprint) {
    return outcome(() -> endpoint.dial(new InetSocketAddress(host, port), expectFingerprint));
  }

  /**
   * {@code rtt/dial} with {@code "resume":true} [HAR-RES-005]: dials and keeps the session.
   * Deviation.DIAL_RESUME_NOT_KEPT (testing the kit only): dials as without it.
   */
  DialOutcome dialKeeping(String host, int port, String expectFingerprint) {
    if (dialResumeNotKept) {
      return dial(host, port, Optional.of(expectFingerprint));
    }
    return outcome(() -> keptDials.dial(new InetSocketAddress(host, port), expectFingerprint));
  }

  /** A dial that either connects or fails the way {@code rtt/dial} reports [HAR-RTT-001]. */
  private interface Dialing {
    RttConnection connect() throws IOException, RttHandshakeException;
  }

  private DialOutcome outcome(Dialing dialing) {
    try {
      return new DialOutcome(info(dialing.connect()), null);
    } catch (RttHandshakeException e) {
      return new DialOutcome(
          null, new Rejection(ErrorCode.HANDSHAKE, e.reason() + ": " + e.getMessage()));
    } catch (IOException e) {
      return new DialOutcome(
          null, new Rejection(ErrorCode.HANDSHAKE, "cannot connect: " + e.getMessage()));
    }
  }

  int sendNamed(String peerFingerprint, String channel, byte[] data, int count)
      throws InterruptedException {
    return traffic.send(peerFingerprint, channel, data, count);
  }

  List<InboxChannel> inbox() {
    return traffic.inbox();
  }

  List<ConnectionInfo> connections() {
    List<ConnectionInfo> out = new ArrayList<>();
    for (RttConnection c : endpoint.connections()) {
      out.add(info(c));
    }
    return out;
  }

  /** Remembers the resume setting the agent was started with, for {@code reset} [HAR-RES-002]. */
  void rememberStartupResume() {
    resumeAtStart = endpoint.resumeEnabled();
  }

  void setSendQueuePolicy(String policy, int maxMessages, long maxBytes, long blockTimeoutMillis) {
    endpoint.setSendQueuePolicy(
        new SendQueuePolicy(
            SendQueuePolicy.Kind.of(policy),
            maxMessages,
            maxBytes,
            Duration.ofMillis(blockTimeoutMillis)));
  }

  /** The transport's part of {@code reset}, first of all: no connection, no session, no dial. */
  void reset() {
    keptDials.stopAll(); // [HAR-RES-005] before the closes: nothing reconnects
    endpoint.closeConnections();
    endpoint.setSendQueuePolicy(SendQueuePolicy.DEFAULT);
    // [HAR-RES-002] every session ends without a tombstone; resume as the agent was started
    endpoint.sessions().clear();
    endpoint.enableResume(resumeAtStart);
  }

  /** What the harness reads of named channels is forgotten with the rest of the agent's state. */
  void resetTraffic() {
    traffic.reset();
  }

  private static AgentControl.SendQueueCounts counts(SendQueueCounters c) {
    return new AgentControl.SendQueueCounts(c.dropped(), c.refused(), c.blocked());
  }

  private ConnectionInfo info(RttConnection c) {
    // Deviation.QUEUE_DEPTH_ZERO (testing the kit only): an empty send queue, breaks HAR-RTT-003
    SendQueueDepth queue = queueDepthZero ? SendQueueDepth.EMPTY : c.sendQueue();
    return new ConnectionInfo(
        c.peer().agentId(),
        c.peer().key().fingerprint(),
        c.state().name().toLowerCase(Locale.ROOT),
        c.channelNames(),
        queue.messages(),
        queue.bytes(),
        counts(c.sendQueueCounters()));
  }
}
