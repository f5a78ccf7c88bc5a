package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web4.envelope.Timestamps;

/**
 * The harness operations that drive the running agent (spec/harness.md §4.7–§4.9): {@code
 * rtt/dial}, {@code rtt/connections}, {@code rtt/send_queue}, {@code clock/advance} and {@code
 * clock/hold}. Each answers 404 when the backend has no running agent, as HAR-INFO-003 requires of
 * an operation whose capability is not listed.
 */
final class AgentOperations {
  /** The capability of harness 1.2's resume operation (spec/harness.md §4.15). */
  static final String RESUME_CAPABILITY = "rtt_resume";

  /** The capability of harness 1.3's named-channel operations (spec/harness.md §4.16). */
  static final String SEND_CAPABILITY = "rtt_send";

  private AgentOperations() {}

  static List<Operation> all(HarnessBackend backend) {
    return List.of(
        new AgentOperation(
            backend,
            "rtt/dial",
            "POST",
            "harness/rtt_dial.request.schema.json",
            "rtt",
            AgentOperations::dial),
        new AgentOperation(
            backend,
            "rtt/connections",
            "GET",
            "harness/rtt_connections.request.schema.json",
            "rtt",
            AgentOperations::connections),
        new AgentOperation(
            backend,
            "rtt/send_queue",
            "POST",
            "harness/rtt_send_queue.request.schema.json",
            // the only way a harness makes the IUT fill a send queue is mesh/send (HAR-RTT-004)
            MeshOperations.CAPABILITY,
            AgentOperations::sendQueuePolicy),
        new AgentOperation(
            backend,
            "rtt/resume",
            "POST",
            "harness/rtt_resume.request.schema.json",
            RESUME_CAPABILITY,
            AgentOperations::resume),
        new AgentOperation(
            backend,
            "rtt/send",
            "POST",
            "harness/rtt_send.request.schema.json",
            SEND_CAPABILITY,
            AgentOperations::send),
        new AgentOperation(
            backend,
            "rtt/inbox",
            "GET",
            "harness/rtt_inbox.request.schema.json",
            SEND_CAPABILITY,
            AgentOperations::inbox),
        new AgentOperation(
            backend,
            "clock/advance",
            "POST",
            "harness/clock_advance.request.schema.json",
            "clock",
            AgentOperations::advanceClock),
        new AgentOperation(
            backend,
            "clock/hold",
            "POST",
            "harness/clock_hold.request.schema.json",
            "clock/hold",
            AgentOperations::holdClock),
        new AgentOperation(
            backend,
            "trust",
            "GET",
            "harness/trust.request.schema.json",
            "cip",
            AgentOperations::trust),
        new AgentOperation(
            backend,
            "trust/anchors",
            "POST",
            "harness/trust_anchors.request.schema.json",
            "cip",
            AgentOperations::trustAnchors),
        new AgentOperation(
            backend,
            "trust/override",
            "POST",
            "harness/trust_override.request.schema.json",
            "cip",
            AgentOperations::trustOverride),
        new AgentOperation(
            backend,
            "state/local",
            "POST",
            "harness/state_local.request.schema.json",
            "cip",
            AgentOperations::localState),
        new AgentOperation(
            backend,
            "knowledge",
            "GET",
            "harness/knowledge.request.schema.json",
            "cip",
            AgentOperations::knowledge),
        new AgentOperation(
            backend,
            "events",
            "POST",
            "harness/events.request.schema.json",
            "events",
            AgentOperations::events));
  }

  private static AgentControl agent(HarnessBackend backend, String capability, String path)
      throws HarnessException {
    Optional<AgentControl> agent = backend.agent();
    if (agent.isEmpty() || !backend.capabilities().contains(capability)) {
      throw new HarnessException(
          HarnessError.NOT_FOUND, path + ": capability " + capability + " is not offered");
    }
    return agent.get();
  }

  /** [HAR-RTT-004] the policy of every connection from now on; answers what it applied. */
  private static ObjectNode sendQueuePolicy(AgentControl agent, JsonNode r) {
    agent.setSendQueuePolicy(
        r.get("policy").asText(),
        r.get("max_messages").asInt(),
        r.get("max_bytes").asLong(),
        r.get("block_timeout_ms").asLong());
    ObjectNode o = Responses.object();
    o.put("policy", r.get("policy").asText());
    o.put("max_messages", r.get("max_messages").asInt());
    o.put("max_bytes", r.get("max_bytes").asLong());
    o.put("block_timeout_ms", r.get("block_timeout_ms").asLong());
    return o;
  }

  /**
   * {@code POST rtt/resume} [HAR-RES-001]: "MUST make the IUT offer RTT 1.1 (list "1.1" in its
   * identity payloads and keep sessions) on every connection handshaken from then on exactly when
   * {@code enabled} is true".
   */
  private static ObjectNode resume(AgentControl agent, JsonNode r) {
    boolean enabled = r.get("enabled").asBoolean();
    agent.setResume(enabled);
    ObjectNode o = Responses.object();
    o.put("enabled", enabled);
    return o;
  }

  /**
   * {@code POST rtt/send} [HAR-RES-003]: "MUST open the named channel on its connection with that
   * peer if it is not open, accept count messages for sending on it … and answer how many".
   */
  private static ObjectNode send(AgentControl agent, JsonNode r) throws HarnessException {
    byte[] data = java.util.HexFormat.of().parseHex(r.get("data").asText());
    int accepted;
    try {
      accepted =
          agent.sendNamed(
              r.get("peer_fingerprint").asText(),
              r.get("channel").asText(),
              data,
              r.get("count").asInt());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException(HarnessError.INTERNAL, "interrupted");
    }
    ObjectNode o = Responses.object();
    o.put("accepted", accepted);
    return o;
  }

  /** {@code GET rtt/inbox} [HAR-RES-004]: what the agent delivered on named channels. */
  private static ObjectNode inbox(AgentControl agent, JsonNode r) {
    ObjectNode o = Responses.object();
    ArrayNode list = o.putArray("channels");
    for (AgentControl.InboxChannel c : agent.inbox()) {
      ObjectNode ch = list.addObject();
      ch.put("peer_fingerprint", c.peerFingerprint());
      ch.put("channel", c.channel());
      ArrayNode messages = ch.putArray("messages");
      c.digests().forEach(messages::add);
    }
    return o;
  }

  static ObjectNode connection(AgentControl.ConnectionInfo c) {
    ObjectNode o = Responses.object();
    o.put("peer_agent_id", c.peerAgentId());
    o.put("peer_fingerprint", c.peerFingerprint());
    o.put("state", c.state());
    ArrayNode channels = o.putArray("channels");
    c.channels().forEach(channels::add);
    ObjectNode queue = o.putObject("send_queue"); // [HAR-RTT-003]
    queue.put("messages", c.queuedMessages());
    queue.put("bytes", c.queuedBytes());
    // [HAR-RTT-005] what the send-queue policy did on this connection
    queue.put("dropped", c.queueCounts().dropped());
    queue.put("refused", c.queueCounts().refused());
    queue.put("blocked", c.queueCounts().blocked());
    return o;
  }

  /** What an agent operation does once its capability is checked. */
  @FunctionalInterface
  private interface Handler {
    ObjectNode handle(AgentControl agent, JsonNode request) throws HarnessException;
  }

  /** One agent operation: where it lives, the capability it needs, what it does. */
  private record AgentOperation(
      HarnessBackend backend,
      String path,
      String method,
      String requestSchema,
      String capability,
      Handler handler)
      implements Operation {
    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      return handler.handle(agent(backend, capability, path), request);
    }
  }

  /** {@code POST rtt/dial} [HAR-RTT-001], with {@code "resume":true} [HAR-RES-005]. */
  private static ObjectNode dial(AgentControl agent, JsonNode request) throws HarnessException {
    JsonNode expect = request.path("expect_fingerprint");
    AgentControl.DialOutcome outcome;
    if (request.path("resume").asBoolean(false)) {
      // [HAR-RES-005] "answered 400 BAD_REQUEST when expect_fingerprint is null, or when RTT 1.1
      // is off": whom to resume must be known, and the session must be a 1.1 one
      if (!expect.isTextual()) {
        throw HarnessException.badRequest("resume needs expect_fingerprint");
      }
      if (!agent.resumeEnabled()) {
        throw HarnessException.badRequest("resume needs RTT 1.1 on (rtt/resume)");
      }
      outcome =
          agent.dialKeeping(
              request.path("host").asText(), request.path("port").asInt(), expect.asText());
    } else {
      outcome =
          agent.dial(
              request.path("host").asText(),
              request.path("port").asInt(),
              expect.isTextual() ? Optional.of(expect.asText()) : Optional.empty());
    }
    ObjectNode out = Responses.object();
    Rejection refusal = outcome.refusal();
    AgentControl.ConnectionInfo peer = outcome.peer();
    if (refusal != null || peer == null) {
      out.put("result", "refused");
      ObjectNode error = out.putObject("error");
      error.put("code", refusal == null ? "INTERNAL" : refusal.code().name());
      error.put("message", refusal == null ? "no outcome" : refusal.message());
      return out;
    }
    out.put("result", "connected");
    out.set("connection", connection(peer));
    return out;
  }

  /** {@code GET rtt/connections} [HAR-RTT-002]. */
  private static ObjectNode connections(AgentControl agent, JsonNode request)
      throws HarnessException {
    ObjectNode out = Responses.object();
    ArrayNode list = out.putArray("connections");
    agent.connections().forEach(c -> list.add(connection(c)));
    out.put("handshaking", agent.handshaking());
    return out;
  }

  /** {@code POST clock/advance} [HAR-CLK-001]. */
  private static ObjectNode advanceClock(AgentControl agent, JsonNode request)
      throws HarnessException {
    Instant now = agent.advanceClock(Duration.ofSeconds(request.path("seconds").asLong()));
    ObjectNode out = Responses.object();
    out.put("now", Timestamps.format(now));
    return out;
  }

  /** {@code POST clock/hold} [HAR-CLK-002]. */
  private static ObjectNode holdClock(AgentControl agent, JsonNode request)
      throws HarnessException {
    ObjectNode out = Responses.object();
    out.put("now", Timestamps.format(agent.holdClock()));
    return out;
  }

  /** {@code GET trust} [HAR-CIP-001]. */
  private static ObjectNode trust(AgentControl agent, JsonNode request) throws HarnessException {
    ObjectNode out = Responses.object();
    ArrayNode peers = out.putArray("peers");
    agent
        .trust()
        .forEach(
            (fp, state) -> {
              ObjectNode p = peers.addObject();
              p.put("fingerprint", fp);
              p.put("state", state);
            });
    return out;
  }

  /** {@code POST trust/anchors} [HAR-CIP-001]. */
  private static ObjectNode trustAnchors(AgentControl agent, JsonNode request)
      throws HarnessException {
    java.util.Set<String> fps = new java.util.TreeSet<>();
    request.path("fingerprints").forEach(f -> fps.add(f.asText()));
    agent.addAnchors(fps);
    ObjectNode out = Responses.object();
    ArrayNode list = out.putArray("anchors");
    fps.forEach(list::add);
    return out;
  }

  /** {@code POST trust/override} [HAR-CIP-001]. */
  private static ObjectNode trustOverride(AgentControl agent, JsonNode request)
      throws HarnessException {
    String fp = request.path("fingerprint").asText();
    String state = request.path("state").asText();
    agent.overrideTrust(fp, state);
    ObjectNode out = Responses.object();
    out.put("fingerprint", fp);
    out.put("state", state);
    return out;
  }

  /** {@code POST state/local} [HAR-CIP-002]. */
  private static ObjectNode localState(AgentControl agent, JsonNode request)
      throws HarnessException {
    String presence = request.path("presence").asText();
    int lri = request.path("lri").asInt();
    agent.setLoad(presence, lri);
    ObjectNode out = Responses.object();
    out.put("presence", presence);
    out.put("lri", lri);
    return out;
  }

  /** {@code GET knowledge} [HAR-CIP-003]. */
  private static ObjectNode knowledge(AgentControl agent, JsonNode request)
      throws HarnessException {
    ObjectNode out = Responses.object();
    ArrayNode facts = out.putArray("facts");
    for (AgentControl.FactInfo f : agent.facts()) {
      ObjectNode o = facts.addObject();
      o.put("fact_ref", f.factRef());
      o.put("proposer", f.proposer());
      o.put("status", f.status());
      ArrayNode by = o.putArray("confirmed_by");
      f.confirmedBy().forEach(by::add);
    }
    return out;
  }

  /** {@code POST events} [HAR-EVT-001]. */
  private static ObjectNode events(AgentControl agent, JsonNode request) throws HarnessException {
    ObjectNode out = Responses.object();
    ArrayNode list = out.putArray("events");
    agent.events(request.path("since").asLong(), request.path("limit").asInt()).forEach(list::add);
    out.put("last", agent.lastEvent());
    return out;
  }
}
