package org.web4.cip;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.MessageIds;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttTransportException;

/**
 * Signs and sends the CIP envelopes of one agent on a session: each with a fresh msg_id, the
 * agent's clock as its timestamp, the trust block [CIP-TRU-004], on its type's channel (rtt.md
 * §5.2), in RFC 8785 form.
 */
final class CipOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(CipOutbox.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String agentId;
  private final AgentKeyPair identity;
  private final Clock clock;
  private final SecureRandom random;
  private final TrustBook trust;

  /** The SEND_ deviations (testing the kit only): each sends one INTENT_RESPONSE wrongly. */
  private final SendDeviations sending;

  CipOutbox(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      TrustBook trust,
      SendDeviations sending) {
    this.agentId = agentId;
    this.identity = identity;
    this.clock = clock;
    this.random = random;
    this.trust = trust;
    this.sending = sending;
  }

  /**
   * Sends an envelope on the session; a connection that is closing or whose send queue refuses it
   * drops it (logged) — unless its RTT session takes it (retained while suspended or in the moment
   * the connection ended abruptly, or sent on the resumed connection: LocalChannels.send).
   *
   * @return its msg_id
   */
  String send(CipSession s, String type, ObjectNode payload) {
    ObjectNode trustBlock = NODES.objectNode();
    trustBlock.put("sender_view", trust.stateOf(s.peerFingerprint).wire());
    trustBlock.put("receiver_view", s.peerView);
    SendDeviations.Plan plan = sending.next(type, uuid()); // as the spec says but when testing
    ObjectNode envelope =
        plan.signed(
            EnvelopeBuilder.of(Protocol.CIP, type)
                .msgId(plan.msgId())
                .timestamp(plan.timestamp(clock.instant()))
                .sender(agentId, identity)
                .receiver(s.peerAgentId, s.peerFingerprint)
                .block("trust", trustBlock)
                .payload(payload)
                .sign(identity));
    int channel = plan.channel(ChannelFamilies.channelOf(Protocol.CIP, type));
    byte[] bytes = JsonCanonicalizer.canonicalize(envelope);
    RttConnection connection = s.connection;
    try {
      // A resumable connection that just ended hands the envelope to its RTT session (retained
      // while suspended, or sent on the resumed connection: LocalChannels.send, ADR 1418)
      connection.send(channel, bytes);
    } catch (RttTransportException | RttBackpressureException e) {
      LOG.debug("{}: {} not sent: {}", connection.label(), type, e.toString());
    }
    return plan.msgId().toString();
  }

  /** A random (version 4) UUID from the agent's random source ([ENV-MSG-001]). */
  UUID uuid() {
    return MessageIds.v4(random);
  }
}
