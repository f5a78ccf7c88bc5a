package org.web4.hcp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.MessageIds;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.RttEvent;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttTransportException;

/**
 * What the HCP runtime puts out: signed HCP envelopes to a session's peer, each describing the
 * principal [HCP-STA-001] with the session's trust views [HCP-TRU-002], and the {@code hcp.*}
 * events. Guarded by the runtime's lock.
 */
final class HcpOutput {
  private static final Logger LOG = LoggerFactory.getLogger(HcpOutput.class);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String agentId;
  private final AgentKeyPair identity;
  private final Clock clock;
  private final SecureRandom random;
  private final RttEvent.Sink events;
  private final Principal principal;

  HcpOutput(
      String agentId,
      AgentKeyPair identity,
      Clock clock,
      SecureRandom random,
      RttEvent.Sink events,
      Principal principal) {
    this.agentId = agentId;
    this.identity = identity;
    this.clock = clock;
    this.random = random;
    this.events = events;
    this.principal = principal;
  }

  /** This agent's HCP_HELLO: the principal's identity, consent scope and safety flags. */
  void hello(HcpSession s) {
    ObjectNode hello = NODES.objectNode();
    ObjectNode id = hello.putObject("identity");
    HcpRuntime.PrincipalIdentity who = principal.identity;
    id.put("name", who.name());
    id.put("role", who.role());
    principal.scope.forEach(hello.putArray("consent_scope")::add);
    principal.flags.forEach(hello.putArray("safety_flags")::add);
    s.helloSent = true;
    send(s, "HCP_HELLO", hello);
  }

  /** A check-in (§4.5) as an HCP_CONTEXT with its constraint flag, reported; its msg_id. */
  String checkIn(HcpSession s, CheckIn kind) {
    ObjectNode p = NODES.objectNode();
    p.put(
        "context",
        switch (kind) {
          case REQUEST -> "may I go on?";
          case PROCEED -> "go on";
          case STOP -> "please stop";
        });
    p.putArray("constraints").add(kind.flag());
    String msgId = send(s, "HCP_CONTEXT", p);
    emit("hcp.check_in", s, msgId, Map.of("direction", "sent", "kind", kind.wire()));
    return msgId;
  }

  /** Signs and sends an HCP envelope on its channel; its msg_id (also when the send failed). */
  String send(HcpSession s, String type, ObjectNode payload) {
    ObjectNode state = NODES.objectNode();
    state.set("human", principal.human.toJson());
    ObjectNode trust = NODES.objectNode();
    trust.put("sender_view", s.trust.state().wire());
    trust.put("receiver_view", s.peerView);
    UUID msgId = uuid();
    ObjectNode envelope =
        EnvelopeBuilder.of(Protocol.HCP, type)
            .msgId(msgId)
            .timestamp(clock.instant())
            .sender(agentId, identity)
            .receiver(s.peerAgentId, s.peerFingerprint)
            .block("state", state)
            .block("trust", trust)
            .payload(payload)
            .sign(identity);
    try {
      s.connection.send(
          ChannelFamilies.channelOf(Protocol.HCP, type), JsonCanonicalizer.canonicalize(envelope));
    } catch (RttTransportException | RttBackpressureException e) {
      LOG.debug("{}: {} not sent: {}", s.connection.label(), type, e.toString());
    }
    return msgId.toString();
  }

  /** A transition of Table 4.7b [HCP-TRU-001], reported once [EVT-HCP-001]. */
  void trustChanged(HcpSession s, Optional<SocialTrust.Transition> transition) {
    transition.ifPresent(
        t ->
            emit(
                "hcp.trust.changed",
                s,
                null,
                Map.of("from", t.from().wire(), "to", t.to().wire(), "cause", t.cause().wire())));
  }

  /** An {@code hcp.*} event about session {@code s}. */
  void emit(String kind, HcpSession s, @Nullable String msgId, Map<String, Object> attributes) {
    Map<String, Object> attrs = new HashMap<>(attributes);
    attrs.put("peer", s.peerFingerprint);
    if (msgId != null) {
      attrs.put("msg_id", msgId);
    }
    events.accept(new RttEvent(clock.instant(), kind, s.connection.label(), attrs));
  }

  /** An event of the principal's side: {@code hcp.human.changed}. */
  void emitHuman(Map<String, Object> attributes) {
    events.accept(new RttEvent(clock.instant(), "hcp.human.changed", "-", attributes));
  }

  /** An event about a connection with no session: {@code hcp.action.refused}. */
  void emit(String kind, String connectionLabel, Map<String, Object> attributes) {
    events.accept(new RttEvent(clock.instant(), kind, connectionLabel, attributes));
  }

  /** A random (version 4) UUID from the agent's random source ([ENV-MSG-001]). */
  private UUID uuid() {
    return MessageIds.v4(random);
  }
}
