package org.web4.hcp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.Deviation;
import org.web4.rtt.session.RttConnection;

/**
 * The HCP state of one RTT connection (spec/hcp.md §4.1): the counterpart as the peer declared it,
 * whether the session is open, its social trust, open topic, check-ins, pacing times and the
 * actions delivered to the principal. Guarded by the runtime's lock.
 */
final class HcpSession {
  /** One action delivered to the principal [HCP-DEL-001]. */
  record Delivered(String msgId, String type, ObjectNode payload) {}

  /** Delivered actions kept per session for {@code hcp/sessions} (the most recent). */
  static final int INBOX = 1000;

  /** The connection that carries the session now (another one after an RTT resume). */
  RttConnection connection;

  final String peerFingerprint;
  final String peerAgentId;

  /** The counterpart's latest declared state [HCP-STA-003]; null before the first envelope. */
  @Nullable Human counterpart;

  /** The consent scope and safety flags of the peer's latest HCP_HELLO. */
  List<String> counterpartScope = List.of();

  List<String> counterpartFlags = List.of();

  /** The peer's first HCP_HELLO was accepted (the session is open), and when (its order). */
  boolean opened;

  long openedSeq;

  /** This agent already sent an HCP_HELLO on the connection (it answers none then). */
  boolean helloSent;

  final SocialTrust trust;

  /** The peer's {@code trust.sender_view}, echoed as {@code receiver_view} [HCP-TRU-002]. */
  String peerView = "untrusted";

  @Nullable String openTopic;

  CheckIn.Incoming incoming = CheckIn.Incoming.NONE;
  CheckIn.Outgoing outgoing = CheckIn.Outgoing.NONE;

  /** The outstanding check-in request this agent sent (while {@code outgoing} is requested). */
  @Nullable String outgoingRequest;

  @Nullable Instant lastAcceptedAt;
  @Nullable Instant lastSentAt;

  final List<Delivered> inbox = new ArrayList<>();

  HcpSession(RttConnection connection, Set<Deviation> deviations) {
    this.trust = new SocialTrust(deviations);
    this.connection = connection;
    this.peerFingerprint = connection.peer().key().fingerprint();
    this.peerAgentId = connection.peer().agentId();
  }

  Set<String> scopeSet() {
    return Set.copyOf(counterpartScope);
  }

  Set<String> flagSet() {
    return Set.copyOf(counterpartFlags);
  }
}
