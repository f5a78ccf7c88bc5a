package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web4.cli.CommandErrors.InputException;

/**
 * The harness operations the mesh tools drive, one method each, with their answers read: dial
 * (rtt/dial), trust and its override, anchors, routes (GET mesh), mesh/send and knowledge.
 */
public final class MeshOps {
  private MeshOps() {}

  /** {@code from} dials {@code to} (rtt/dial, expecting its fingerprint); the answer. */
  public static JsonNode dial(LiveAgent from, LiveAgent to)
      throws InputException, InterruptedException {
    return from.harness()
        .post(
            "rtt/dial",
            HarnessClient.object()
                .put("host", to.rttHost())
                .put("port", to.rttPort())
                .put("expect_fingerprint", to.fingerprint()));
  }

  /** {@code holder}'s trust state of {@code subject} ({@code untrusted} when not listed). */
  public static String trust(LiveAgent holder, LiveAgent subject)
      throws InputException, InterruptedException {
    for (JsonNode p : holder.harness().get("trust").path("peers")) {
      if (p.path("fingerprint").asText().equals(subject.fingerprint())) {
        return p.path("state").asText();
      }
    }
    return AgentView.UNTRUSTED;
  }

  /** {@code holder}'s operator sets its trust state of {@code subject} (trust/override). */
  public static void override(LiveAgent holder, LiveAgent subject, String state)
      throws InputException, InterruptedException {
    holder
        .harness()
        .post(
            "trust/override",
            HarnessClient.object().put("fingerprint", subject.fingerprint()).put("state", state));
  }

  /** {@code holder}'s routes (GET mesh), ascending by destination. */
  public static List<AgentView.Route> routes(LiveAgent holder)
      throws InputException, InterruptedException {
    List<AgentView.Route> routes = new ArrayList<>();
    for (JsonNode r : holder.harness().get("mesh").path("routes")) {
      routes.add(
          new AgentView.Route(
              r.path("destination").asText(),
              r.path("agent_id").asText(),
              r.path("via").asText(),
              r.path("hops").asInt()));
    }
    return routes;
  }

  /** {@code holder}'s route to {@code destination}, if it has one. */
  public static Optional<AgentView.Route> route(LiveAgent holder, LiveAgent destination)
      throws InputException, InterruptedException {
    return routes(holder).stream()
        .filter(r -> r.destination().equals(destination.fingerprint()))
        .findFirst();
  }

  /**
   * {@code origin} originates an envelope of {@code type} for {@code destination} (a fingerprint or
   * {@code *}) through the mesh (mesh/send); the answer, whatever its result.
   */
  public static JsonNode send(LiveAgent origin, String destination, String type, ObjectNode payload)
      throws InputException, InterruptedException {
    ObjectNode body = HarnessClient.object().put("destination", destination).put("type", type);
    body.set("payload", payload);
    return origin.harness().post("mesh/send", body);
  }

  /** The fact {@code factRef} as {@code holder}'s knowledge lists it. */
  public static Optional<JsonNode> fact(LiveAgent holder, String factRef)
      throws InputException, InterruptedException {
    for (JsonNode f : holder.harness().get("knowledge").path("facts")) {
      if (f.path("fact_ref").asText().equals(factRef)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** An INTENT payload (spec/cip.md Table 3.4). */
  public static ObjectNode intent(String topic) {
    return HarnessClient.object().put("goal", "ask").put("topic", topic).put("priority", "normal");
  }

  /** A FACT_PROPOSE payload with a one-step DMP trace (spec/cip.md Table 3.6). */
  public static ObjectNode factProposal(String statement, String domain) {
    ObjectNode p = HarnessClient.object();
    ObjectNode fact = p.putObject("fact");
    fact.put("statement", statement).put("domain", domain).put("confidence", 0.9);
    fact.putArray("sources");
    p.set("dmp_trace", trace("observed: " + statement));
    return p;
  }

  /** A FACT_CONFIRM payload naming {@code factRef} (spec/cip.md Table 3.8). */
  public static ObjectNode confirmation(String factRef) {
    return HarnessClient.object()
        .put("fact_ref", factRef)
        .put("decision", "confirm")
        .put("confidence", 1);
  }

  /** A DECISION_SHARE payload (spec/cip.md Table 3.10). */
  public static ObjectNode decision(String choice, String outcome) {
    ObjectNode p = HarnessClient.object();
    p.putObject("decision").put("choice", choice).put("outcome", outcome);
    p.set("dmp_trace", trace("decided: " + choice));
    return p;
  }

  private static ObjectNode trace(String step) {
    ObjectNode trace =
        HarnessClient.object().put("decision_id", java.util.UUID.randomUUID().toString());
    trace.putArray("steps").add(step);
    trace.putArray("evidence");
    return trace;
  }
}
