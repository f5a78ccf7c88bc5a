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
 * rtt/dial}, {@code rtt/connections} and {@code clock/advance}. Each answers 404 when the backend
 * has no running agent, as HAR-INFO-003 requires of an operation whose capability is not listed.
 */
final class AgentOperations {
  private AgentOperations() {}

  static List<Operation> all(HarnessBackend backend) {
    return List.of(
        new Dial(backend),
        new Connections(backend),
        new AdvanceClock(backend),
        new Trust(backend),
        new TrustAnchors(backend),
        new TrustOverride(backend),
        new LocalState(backend),
        new KnowledgeOp(backend),
        new Events(backend));
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

  static ObjectNode connection(AgentControl.ConnectionInfo c) {
    ObjectNode o = Responses.object();
    o.put("peer_agent_id", c.peerAgentId());
    o.put("peer_fingerprint", c.peerFingerprint());
    o.put("state", c.state());
    ArrayNode channels = o.putArray("channels");
    c.channels().forEach(channels::add);
    return o;
  }

  /** {@code POST rtt/dial} [HAR-RTT-001]. */
  private record Dial(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "rtt/dial";
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String requestSchema() {
      return "harness/rtt_dial.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "rtt", path());
      JsonNode expect = request.path("expect_fingerprint");
      AgentControl.DialOutcome outcome =
          agent.dial(
              request.path("host").asText(),
              request.path("port").asInt(),
              expect.isTextual() ? Optional.of(expect.asText()) : Optional.empty());
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
  }

  /** {@code GET rtt/connections} [HAR-RTT-002]. */
  private record Connections(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "rtt/connections";
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String requestSchema() {
      return "harness/rtt_connections.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "rtt", path());
      ObjectNode out = Responses.object();
      ArrayNode list = out.putArray("connections");
      agent.connections().forEach(c -> list.add(connection(c)));
      out.put("handshaking", agent.handshaking());
      return out;
    }
  }

  /** {@code POST clock/advance} [HAR-CLK-001]. */
  private record AdvanceClock(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "clock/advance";
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String requestSchema() {
      return "harness/clock_advance.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "clock", path());
      Instant now = agent.advanceClock(Duration.ofSeconds(request.path("seconds").asLong()));
      ObjectNode out = Responses.object();
      out.put("now", Timestamps.format(now));
      return out;
    }
  }

  /** {@code GET trust} [HAR-CIP-001]. */
  private record Trust(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "trust";
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String requestSchema() {
      return "harness/trust.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "cip", path());
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
  }

  /** {@code POST trust/anchors} [HAR-CIP-001]. */
  private record TrustAnchors(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "trust/anchors";
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String requestSchema() {
      return "harness/trust_anchors.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "cip", path());
      java.util.Set<String> fps = new java.util.TreeSet<>();
      request.path("fingerprints").forEach(f -> fps.add(f.asText()));
      agent.addAnchors(fps);
      ObjectNode out = Responses.object();
      ArrayNode list = out.putArray("anchors");
      fps.forEach(list::add);
      return out;
    }
  }

  /** {@code POST trust/override} [HAR-CIP-001]. */
  private record TrustOverride(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "trust/override";
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String requestSchema() {
      return "harness/trust_override.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "cip", path());
      String fp = request.path("fingerprint").asText();
      String state = request.path("state").asText();
      agent.overrideTrust(fp, state);
      ObjectNode out = Responses.object();
      out.put("fingerprint", fp);
      out.put("state", state);
      return out;
    }
  }

  /** {@code POST state/local} [HAR-CIP-002]. */
  private record LocalState(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "state/local";
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String requestSchema() {
      return "harness/state_local.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "cip", path());
      String presence = request.path("presence").asText();
      int lri = request.path("lri").asInt();
      agent.setLoad(presence, lri);
      ObjectNode out = Responses.object();
      out.put("presence", presence);
      out.put("lri", lri);
      return out;
    }
  }

  /** {@code GET knowledge} [HAR-CIP-003]. */
  private record KnowledgeOp(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "knowledge";
    }

    @Override
    public String method() {
      return "GET";
    }

    @Override
    public String requestSchema() {
      return "harness/knowledge.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "cip", path());
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
  }

  /** {@code POST events} [HAR-EVT-001]. */
  private record Events(HarnessBackend backend) implements Operation {
    @Override
    public String path() {
      return "events";
    }

    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String requestSchema() {
      return "harness/events.request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      AgentControl agent = agent(backend, "events", path());
      ObjectNode out = Responses.object();
      ArrayNode list = out.putArray("events");
      agent
          .events(request.path("since").asLong(), request.path("limit").asInt())
          .forEach(list::add);
      out.put("last", agent.lastEvent());
      return out;
    }
  }
}
