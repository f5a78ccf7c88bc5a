package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The harness operations of the IUT's principal (spec/harness.md §4.12, capability {@code hcp}).
 * Each answers 404 when the capability is not listed [HAR-INFO-004].
 */
final class HcpOperations {
  static final String CAPABILITY = "hcp";

  private HcpOperations() {}

  static List<Operation> all(HarnessBackend backend) {
    return List.of(
        new HcpOperation(backend, "human/state", "POST", "human_state", HcpOperations::state),
        new HcpOperation(backend, "human/consent", "POST", "human_consent", HcpOperations::consent),
        new HcpOperation(backend, "human/intent", "POST", "human_intent", HcpOperations::intent),
        new HcpOperation(
            backend, "human/decision", "POST", "human_decision", HcpOperations::decision),
        new HcpOperation(
            backend, "human/check-in", "POST", "human_check_in", HcpOperations::checkIn),
        new HcpOperation(backend, "hcp/sessions", "GET", "hcp_sessions", (h, r) -> h.sessions()));
  }

  /** What an HCP operation does once its capability is checked. */
  @FunctionalInterface
  private interface Handler {
    ObjectNode handle(HcpControl hcp, JsonNode request) throws HarnessException;
  }

  private record HcpOperation(
      HarnessBackend backend, String path, String method, String schema, Handler handler)
      implements Operation {
    @Override
    public String requestSchema() {
      return "harness/" + schema + ".request.schema.json";
    }

    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      Optional<HcpControl> hcp = backend.agent().flatMap(AgentControl::hcpControl);
      if (hcp.isEmpty() || !backend.capabilities().contains(CAPABILITY)) {
        throw new HarnessException(
            HarnessError.NOT_FOUND, path + ": capability " + CAPABILITY + " is not offered");
      }
      return handler.handle(hcp.get(), request);
    }
  }

  private static ObjectNode state(HcpControl hcp, JsonNode r) {
    return hcp.humanState(
        r.path("presence").asText(),
        r.path("affect").asText(),
        r.path("clarity").asInt(),
        r.path("pressure").asInt(),
        r.path("intent").asText());
  }

  private static ObjectNode consent(HcpControl hcp, JsonNode r) {
    return hcp.humanConsent(
        r.path("consent").asText(),
        strings(r.path("consent_scope")),
        strings(r.path("safety_flags")));
  }

  private static ObjectNode intent(HcpControl hcp, JsonNode r) {
    return hcp.humanIntent(
        r.path("peer").asText(),
        r.path("goal").asText(),
        r.path("topic").asText(),
        r.path("priority").asText());
  }

  private static ObjectNode decision(HcpControl hcp, JsonNode r) {
    JsonNode followUp = r.path("follow_up");
    return hcp.humanDecision(
        r.path("peer").asText(),
        r.path("decision").asText(),
        r.path("rationale").asText(),
        strings(r.path("alternatives")),
        followUp.isTextual() ? followUp.asText() : null);
  }

  private static ObjectNode checkIn(HcpControl hcp, JsonNode r) {
    return hcp.humanCheckIn(r.path("peer").asText(), r.path("proceed").asBoolean());
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
