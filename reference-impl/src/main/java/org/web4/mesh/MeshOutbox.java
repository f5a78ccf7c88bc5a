package org.web4.mesh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * What the mesh sends: its own envelopes on a neighbour's session (a MESH_RELAY, MESH_ROUTES,
 * MESH_VOUCH, on the channel of rtt.md Table 5), and the inner envelopes it originates (signed by
 * this agent, no {@code trust} block, spec/mesh.md §4.2). Knows each neighbour's session.
 * Thread-safe.
 */
final class MeshOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(MeshOutbox.class);

  /**
   * An inner envelope: its {@code msg_id}, its exact bytes in base64 (MESH_RELAY's envelope) and
   * their number.
   */
  record Inner(String msgId, String base64, int size) {}

  /** The msg_id of an envelope only measured (every UUID is 36 characters long). */
  private static final UUID MEASURED_ONLY = new UUID(0, 0);

  private final String agentId;
  private final AgentKeyPair identity;
  private final Clock clock;
  private final SecureRandom random;

  /**
   * Peer fingerprint → its mesh sessions, the earliest established first: everything sent to a
   * neighbour goes on the earliest still open (spec/mesh.md §4.2).
   */
  private final Map<String, List<RttConnection>> sessions = new HashMap<>();

  MeshOutbox(String agentId, AgentKeyPair identity, Clock clock, SecureRandom random) {
    this.agentId = agentId;
    this.identity = identity;
    this.clock = clock;
    this.random = random;
  }

  String self() {
    return identity.publicKey().fingerprint();
  }

  synchronized void opened(RttConnection connection) {
    sessions
        .computeIfAbsent(connection.peer().key().fingerprint(), k -> new ArrayList<>())
        .add(connection);
  }

  /** The session ended; returns whether it was one of the peer's mesh sessions. */
  synchronized boolean closed(RttConnection connection) {
    String peer = connection.peer().key().fingerprint();
    List<RttConnection> list = sessions.get(peer);
    boolean removed = list != null && list.remove(connection);
    if (list != null && list.isEmpty()) {
      sessions.remove(peer);
    }
    return removed;
  }

  synchronized void clear() {
    sessions.clear();
  }

  /** The peers with a mesh session, with the agent_id of their handshake, ascending. */
  synchronized Map<String, String> sessionPeers() {
    Map<String, String> out = new TreeMap<>();
    sessions.forEach((fp, list) -> out.put(fp, list.get(0).peer().agentId()));
    return out;
  }

  /** The earliest established mesh session with the peer still open. */
  synchronized Optional<RttConnection> session(String peer) {
    List<RttConnection> list = sessions.get(peer);
    return list == null ? Optional.empty() : Optional.of(list.get(0));
  }

  /** Signs and sends a mesh envelope to a neighbour on its session; returns its msg_id. */
  String send(String neighbour, String type, ObjectNode payload) {
    Optional<RttConnection> c = session(neighbour);
    return c.isEmpty() ? uuid() : sendOn(c.get(), type, payload); // empty: it ended meanwhile
  }

  /** Signs and sends a mesh envelope on this session; returns its msg_id. */
  String sendOn(RttConnection c, String type, ObjectNode payload) {
    String msgId = uuid();
    String neighbour = c.peer().key().fingerprint();
    ObjectNode envelope =
        EnvelopeBuilder.of(Protocol.MESH, type)
            .msgId(UUID.fromString(msgId))
            .timestamp(clock.instant())
            .sender(agentId, identity)
            .receiver(c.peer().agentId(), neighbour)
            .payload(payload)
            .sign(identity);
    try {
      c.send(
          ChannelFamilies.channelOf(Protocol.MESH, type), JsonCanonicalizer.canonicalize(envelope));
    } catch (RttTransportException | RttBackpressureException e) {
      LOG.debug("{}: {} not sent: {}", c.label(), type, e.toString());
    }
    return msgId;
  }

  /** An envelope this agent originates for {@code receiver}: no trust block (§4.2). */
  Inner inner(
      Protocol protocol, String type, String receiverAgentId, String receiver, ObjectNode payload) {
    String msgId = uuid();
    ObjectNode envelope =
        EnvelopeBuilder.of(protocol, type)
            .msgId(UUID.fromString(msgId))
            .timestamp(clock.instant())
            .sender(agentId, identity)
            .receiver(receiverAgentId, receiver)
            .payload(payload)
            .sign(identity);
    byte[] bytes = JsonCanonicalizer.canonicalize(envelope);
    return new Inner(msgId, Base64.getEncoder().encodeToString(bytes), bytes.length);
  }

  /**
   * The size in bytes of the inner envelope {@link #inner} would make now, without making it: for
   * the bound of Table 4.8 on an envelope that goes directly to a neighbour (MESH-ORG-001), where
   * no inner envelope is sent (harness mesh/send answers one over the bound invalid either way).
   * Its canonical form with a signature's worth of zero bytes and a msg_id of a UUID's length, as
   * long as a signed one: no signing (the fill of features/rtt/never_reading_peer.feature sends 40
   * envelopes of 400,000 bytes, each signed twice before, ADR 1421).
   */
  int innerSize(
      Protocol protocol, String type, String receiverAgentId, String receiver, ObjectNode payload) {
    ObjectNode envelope =
        EnvelopeBuilder.of(protocol, type)
            .msgId(MEASURED_ONLY)
            .timestamp(clock.instant())
            .sender(agentId, identity)
            .receiver(receiverAgentId, receiver)
            .payload(payload)
            .sizedAsSigned();
    return JsonCanonicalizer.canonicalize(envelope).length;
  }

  /** A random (version 4) UUID from the agent's random source ([ENV-MSG-001]). */
  String uuid() {
    return MessageIds.v4(random).toString();
  }
}
