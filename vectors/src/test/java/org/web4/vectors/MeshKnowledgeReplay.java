package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.web4.cip.Consensus;
import org.web4.cip.Fact;
import org.web4.cip.Knowledge;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.Protocol;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.json.JsonCanonicalizer;
import org.web4.mesh.MeshIdMemory;
import org.web4.mesh.RelayJudge;
import org.web4.mesh.RelayPayload;
import org.web4.mesh.RouteTable;

/**
 * Replays one case of {@code mesh/mesh_knowledge_test.json} on the reference's classes, wired as
 * its agent wires them: each step becomes a real signed envelope of its origin; a relayed one goes
 * in a MESH_RELAY through {@link RelayJudge} (steps R1–R6 with the agent's {@link MeshIdMemory}),
 * then step 10 on the agent's {@link EnvelopeValidator} (the replay memory direct and relayed
 * envelopes share); a direct one through all ten steps; then the trust gates (CIP-TRU-002/003),
 * then {@link Consensus} over {@link Knowledge} and a {@link TrustBook}. Where an outcome goes is
 * the proposer's session, else its route in a {@link RouteTable} built from the world.
 */
final class MeshKnowledgeReplay {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Instant NOW = Instant.parse("2026-01-15T09:30:00Z");

  private final Map<String, String> fingerprints = new HashMap<>();
  private final Map<String, String> names = new HashMap<>();
  private final Map<String, String> reach = new HashMap<>();
  private final String self;
  private final TrustBook trust =
      new TrustBook(t -> {}, Set.of(), Clock.fixed(NOW, ZoneOffset.UTC));
  private final Knowledge knowledge = new Knowledge();
  private final Consensus consensus = new Consensus(knowledge, trust, o -> {});
  private final EnvelopeValidator validator = EnvelopeValidator.create();
  private final RelayJudge judge;
  private final RouteTable routes;
  private @Nullable String factId;
  private boolean overloaded;

  private MeshKnowledgeReplay(JsonNode group, JsonNode test) {
    for (JsonNode a : group.get("agents")) {
      String name = a.get("name").asText();
      assertThat(key(name).publicKey().fingerprint()).isEqualTo(a.get("fingerprint").asText());
      fingerprints.put(name, a.get("fingerprint").asText());
      names.put(a.get("fingerprint").asText(), name);
    }
    self = fp(group.get("receiver").asText());
    routes = new RouteTable(self, fp -> trust.stateOf(fp) == TrustState.BLACKLISTED);
    judge =
        new RelayJudge(
            self,
            new MeshIdMemory(),
            bytes -> validator.validateBeforeReplay(bytes, NOW),
            fp -> trust.stateOf(fp) == TrustState.BLACKLISTED);
    Map<String, String> neighbours = new TreeMap<>();
    Map<String, List<RouteTable.Entry>> announced = new TreeMap<>();
    for (JsonNode p : test.get("world")) {
      String name = p.get("name").asText();
      trust.override(fp(name), TrustState.ofWire(p.get("trust").asText()).orElseThrow());
      reach.put(name, p.get("reach").asText());
      switch (p.get("reach").asText()) {
        case "neighbour" -> neighbours.put(fp(name), "agent-" + name);
        case "far" ->
            announced
                .computeIfAbsent(fp(p.get("via").asText()), v -> new ArrayList<>())
                .add(new RouteTable.Entry(fp(name), "agent-" + name, 1));
        default -> {}
      }
    }
    routes.neighbours(neighbours);
    announced.forEach(routes::announce);
  }

  static void check(JsonNode group, JsonNode test) throws Exception {
    MeshKnowledgeReplay r = new MeshKnowledgeReplay(group, test);
    int i = 0;
    for (JsonNode step : test.get("steps")) {
      i++;
      r.step(step, "step " + i + " (" + step.get("step").asText() + ")");
    }
  }

  private void step(JsonNode s, String at) throws Exception {
    String type = s.get("step").asText();
    if (type.equals("trust")) {
      // an override between envelopes (harness trust/override): nothing counted changes
      trust.override(
          fp(s.get("agent").asText()), TrustState.ofWire(s.get("trust").asText()).orElseThrow());
      compare(s.get("expect"), null, null, null, null, at);
      return;
    }
    if (type.equals("load")) {
      overloaded = s.get("overloaded").asBoolean(); // read by the next proposal only
      compare(s.get("expect"), null, null, null, null, at);
      return;
    }
    String msgId = s.get("msg_id").asText();
    if (type.equals("own_propose")) {
      consensus.proposed(msgId);
      compare(s.get("expect"), "accepted", null, null, null, at);
      return;
    }
    if (type.equals("propose")) {
      factId = msgId;
    }
    String origin = fp(s.get("from").asText());
    boolean broadcast = s.get("arrives").asText().equals("broadcast");
    byte[] inner = envelope(s, origin, broadcast);
    ValidatedEnvelope e;
    String refusal;
    if (s.get("arrives").asText().equals("direct")) {
      refusal = "error";
      try {
        e = validator.validate(inner, NOW); // steps 1–10
      } catch (EnvelopeException x) {
        compare(s.get("expect"), "refused", x.code().name(), refusal, null, at);
        return;
      }
    } else {
      refusal = "undeliverable";
      List<String> route = new ArrayList<>();
      s.get("route").forEach(f -> route.add(f.asText()));
      RelayPayload relay =
          new RelayPayload(
              s.get("mesh_id").asText(),
              origin,
              broadcast ? RelayPayload.BROADCAST : self,
              9,
              route,
              Base64.getEncoder().encodeToString(inner));
      RelayJudge.Verdict v = judge.judge(relay, route.get(route.size() - 1), NOW);
      if (v instanceof RelayJudge.Dropped) {
        compare(s.get("expect"), "dropped", null, null, null, at);
        return;
      }
      if (v instanceof RelayJudge.Refused f) {
        compare(s.get("expect"), "refused", f.code().name(), "error", null, at);
        return;
      }
      e = ((RelayJudge.Accepted) v).inner();
      try {
        validator.checkReplay(e, NOW); // spec/mesh.md §4.4 (1)
      } catch (EnvelopeException x) {
        compare(s.get("expect"), "refused", x.code().name(), refusal, null, at);
        return;
      }
    }
    TrustState state = trust.stateOf(origin);
    if (state == TrustState.BLACKLISTED || state == TrustState.UNTRUSTED) {
      compare(s.get("expect"), "refused", "TRUST_VIOLATION", refusal, null, at);
      return;
    }
    Consensus.Verdict v =
        type.equals("propose")
            ? consensus.propose(e.msgId(), origin, (ObjectNode) e.payload(), overloaded)
            : consensus.review(e.type(), e.payload(), origin);
    if (v instanceof Consensus.Refused) {
      compare(s.get("expect"), "refused", "TRUST_VIOLATION", refusal, null, at);
    } else {
      compare(
          s.get("expect"), "accepted", null, null, v instanceof Consensus.Decided d ? d : null, at);
    }
  }

  private void compare(
      JsonNode expect,
      @Nullable String delivery,
      @Nullable String error,
      @Nullable String refusal,
      Consensus.@Nullable Decided decided,
      String at) {
    assertThat(delivery).as(at + ": delivery").isEqualTo(expect.path("delivery").textValue());
    assertThat(error).as(at + ": error").isEqualTo(expect.path("error").textValue());
    assertThat(refusal).as(at + ": refusal").isEqualTo(expect.path("refusal").textValue());
    Fact fact = null;
    for (Fact f : knowledge.all()) {
      if (f.id().equals(factId)) {
        fact = f;
      }
    }
    assertThat(fact == null ? "none" : fact.status().wire())
        .as(at + ": fact")
        .isEqualTo(expect.get("fact").asText());
    Set<String> by = new TreeSet<>();
    if (fact != null) {
      fact.confirmedBy().forEach(f -> by.add(names.get(f)));
    }
    Set<String> expectedBy = new TreeSet<>();
    expect.get("confirmedBy").forEach(n -> expectedBy.add(n.asText()));
    assertThat(by).as(at + ": confirmedBy").isEqualTo(expectedBy);
    String answer = null;
    if (decided != null) {
      answer = decided.answerType() + " " + path(decided.outcome().proposer());
    }
    JsonNode a = expect.path("answer");
    String expectedAnswer =
        a.isMissingNode() ? null : a.get("type").asText() + " " + a.get("path").asText();
    assertThat(answer).as(at + ": answer").isEqualTo(expectedAnswer);
    if (fact != null) {
      assertThat(trust.stateOf(fact.proposer()).wire())
          .as(at + ": proposerTrust")
          .isEqualTo(expect.get("proposerTrust").asText());
    }
  }

  /**
   * Where an envelope for {@code proposer} goes: on its session (CipRuntime's tell), else by
   * MeshRuntime's originate: directly to a neighbour, through the route's neighbour, or nowhere.
   */
  private String path(String proposer) {
    String r = reach.getOrDefault(names.get(proposer), "none");
    if (r.equals("session") || routes.isNeighbour(proposer)) {
      return "direct";
    }
    return routes.route(proposer).isPresent() ? "relayed" : "none";
  }

  /** The step's envelope, signed by its origin for the receiver. */
  private byte[] envelope(JsonNode s, String origin, boolean broadcast) {
    String type = s.get("step").asText();
    ObjectNode p = NODES.objectNode();
    if (type.equals("propose")) {
      ObjectNode f = p.putObject("fact");
      f.put("statement", "water boils at 100 C at sea level");
      f.put("domain", "physics");
      f.put("confidence", 0.9);
      f.putArray("sources");
      if (s.get("dmp_trace").asBoolean()) {
        ObjectNode trace = p.putObject("dmp_trace");
        trace.put("decision_id", "5f0c5c1e-8d4a-4b7e-9a53-2f6d7c1b0a11");
        trace.putArray("steps").add("observed");
        trace.putArray("evidence");
      }
    } else {
      p.put("fact_ref", s.get("fact_ref").asText());
      switch (type) {
        case "confirm" -> p.put("decision", "confirm").put("confidence", 1);
        case "reject" -> p.put("decision", "reject").put("confidence", 0);
        default -> p.put("reason", s.get("reason").asText());
      }
    }
    String name = names.getOrDefault(origin, "");
    ObjectNode env =
        EnvelopeBuilder.of(
                Protocol.CIP, "FACT_" + (type.equals("propose") ? "PROPOSE" : upper(type)))
            .msgId(UUID.fromString(s.get("msg_id").asText()))
            .timestamp(NOW)
            .sender("agent-" + name, key(name))
            .receiver(
                broadcast ? "broadcast" : "agent-R",
                broadcast ? RelayJudge.BROADCAST_RECEIVER : self)
            .payload(p)
            .sign(key(name));
    return JsonCanonicalizer.canonicalize(env);
  }

  private static String upper(String type) {
    return type.toUpperCase(java.util.Locale.ROOT);
  }

  private String fp(String name) {
    String fp = fingerprints.get(name);
    if (fp == null) {
      throw new IllegalArgumentException("no agent " + name);
    }
    return fp;
  }

  private static AgentKeyPair key(String name) {
    return VectorKeys.key("mesh-" + name);
  }
}
