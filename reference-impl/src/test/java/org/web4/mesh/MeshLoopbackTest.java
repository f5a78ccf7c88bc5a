package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;
import org.web4.agent.ReferenceAgent;
import org.web4.cip.AgentLoop;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.SchemaCatalog;
import org.web4.harness.HarnessBackend;
import org.web4.harness.HarnessServer;
import org.web4.testing.Await;

/**
 * Three reference agents in a line over loopback, A – B – C, each with its real RTT, CIP and mesh
 * wiring. Proves: routes are learned from MESH_ROUTES (A reaches C through B in 2 hops, harness
 * {@code GET mesh}); B's vouches move A and C from unknown to probing at each other (Table 4.6);
 * A's harness {@code POST mesh/send} of an INTENT reaches C through B as a MESH_RELAY and C's
 * INTENT_RESPONSE comes back to A the same way (MESH-DEL-001); a hop limit of 1 is answered with a
 * MESH_UNDELIVERABLE (MESH-RLY-006); an INTENT from an origin C holds untrusted is answered with a
 * MESH_UNDELIVERABLE, not an ERROR (MESH-DEL-002); a broadcast FACT_PROPOSE reaches B and C
 * (MESH-RLY-008); every event of the three agents conforms to the event schema.
 */
class MeshLoopbackTest {
  private static final String TOKEN = "mesh-loopback-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final SecureRandom random = new SecureRandom();
  private final HarnessServer harness = new HarnessServer();
  private ReferenceAgent a;
  private ReferenceAgent b;
  private ReferenceAgent c;
  private URI aHarness = URI.create("http://127.0.0.1");

  @BeforeEach
  void line() throws Exception {
    a = agent("alpha");
    b = agent("bravo");
    c = agent("charlie");
    InetSocketAddress atB = b.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    InetSocketAddress atC = c.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    a.endpoint().dial(atB, Optional.of(fp(b)));
    b.endpoint().dial(atC, Optional.of(fp(c)));
    harness.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, a.backend());
    aHarness = harness.baseUri();
    await("A reaches C through B in 2 hops", () -> route(a, fp(c)).equals(fp(b) + "/2"));
    await("C reaches A through B in 2 hops", () -> route(c, fp(a)).equals(fp(b) + "/2"));
  }

  @AfterEach
  void close() {
    harness.stop();
    a.close();
    b.close();
    c.close();
  }

  @Test
  void anIntentReachesCThroughBAndItsResponseComesBack() throws Exception {
    trustThroughB();
    JsonNode info = call("GET", "info", JSON.createObjectNode());
    assertThat(info.at("/protocols/mesh").toString()).isEqualTo("[\"1.0\"]"); // [HAR-INFO-006]
    assertThat(info.path("capabilities").toString()).contains("\"mesh\"");
    JsonNode routes = call("GET", "mesh", JSON.createObjectNode());
    assertThat(routes.path("hop_limit").asInt()).isEqualTo(9);
    ObjectNode toC = JSON.createObjectNode();
    toC.put("agent_id", "charlie");
    toC.put("destination", fp(c));
    toC.put("hops", 2);
    toC.put("via", fp(b));
    assertThat(routes.path("routes")).contains(toC);

    ObjectNode intent = JSON.createObjectNode();
    intent.put("goal", "ask");
    intent.put("topic", "weather");
    intent.put("priority", "normal");
    ObjectNode request = meshSend(fp(c), "INTENT", intent);
    JsonNode sent = call("POST", "mesh/send", request);
    assertThat(sent.path("result").asText()).isEqualTo("sent");
    assertThat(sent.path("mesh_id").isTextual()).isTrue();
    assertThat(sent.path("to").toString()).isEqualTo("[\"" + fp(b) + "\"]");
    String msgId = sent.path("msg_id").asText();

    await(
        "C's INTENT_RESPONSE reaches A",
        () ->
            a.loop().memory().stream()
                .anyMatch(
                    w ->
                        w instanceof AgentLoop.IntentAnswered r
                            && r.peer().equals(fp(c))
                            && r.response().path("intent_ref").asText().equals(msgId)
                            && r.response().path("decision").asText().equals("accept")));
    assertThat(kinds(c, "mesh.relay.delivered"))
        .anyMatch(
            e ->
                e.at("/attributes/type").asText().equals("INTENT")
                    && e.path("msg_id").asText().equals(msgId));
    assertThat(kinds(b, "mesh.relay.forwarded")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(kinds(a, "mesh.relay.delivered"))
        .anyMatch(e -> e.at("/attributes/type").asText().equals("INTENT_RESPONSE"));
    assertThat(kinds(c, "mesh.vouch.received"))
        .anyMatch(
            e ->
                e.at("/attributes/subject").asText().equals(fp(a))
                    && e.at("/attributes/applied").asBoolean());
    assertThat(kinds(c, "cip.trust.changed"))
        .anyMatch(
            e ->
                e.path("peer").asText().equals(fp(a))
                    && e.at("/attributes/cause").asText().equals("vouch"));
    eventsConform();
  }

  @Test
  void aHopLimitOfOneStopsAtBWhichTellsA() throws Exception {
    ObjectNode request = meshSend(fp(c), "FACT_PROPOSE", MeshKeys.proposal());
    request.put("hop_limit", 1);
    JsonNode sent = call("POST", "mesh/send", request);
    assertThat(sent.path("result").asText()).isEqualTo("sent");
    await(
        "B drops it for the hop limit",
        () ->
            kinds(b, "mesh.relay.dropped").stream()
                .anyMatch(e -> e.at("/attributes/reason").asText().equals("hop_limit")));
    assertThat(kinds(b, "mesh.relay.forwarded")).isEmpty();
    eventsConform();
  }

  @Test
  void aBroadcastProposalReachesEveryAgentAndNoRouteIsUnreachable() throws Exception {
    trustThroughB();
    ObjectNode request = meshSend("*", "FACT_PROPOSE", MeshKeys.proposal());
    JsonNode sent = call("POST", "mesh/send", request);
    String factId = sent.path("msg_id").asText();
    await(
        "B and C hold A's fact",
        () ->
            b.facts().stream().anyMatch(f -> f.factRef().equals(factId))
                && c.facts().stream().anyMatch(f -> f.factRef().equals(factId)));
    // B reports the forward after it handed the relay to C's connection, so C may hold the fact
    // before B's event is in its log: wait for the event too.
    await(
        "B reports the forward to C",
        () ->
            kinds(b, "mesh.relay.forwarded").stream()
                .anyMatch(
                    e ->
                        e.path("peer").asText().equals(fp(c))
                            && e.at("/attributes/hops").asInt() == 2));

    ObjectNode nowhere = meshSend("f".repeat(64), "INTENT", MeshKeys.intent());
    assertThat(call("POST", "mesh/send", nowhere).path("result").asText()).isEqualTo("unreachable");
    ObjectNode hello = nowhere.deepCopy();
    hello.put("type", "HELLO");
    assertThat(call("POST", "mesh/send", hello).at("/error/code").asText()).isEqualTo("RELAY");
    eventsConform();
  }

  /**
   * harness.md §4.14: an inner envelope over 655,360 bytes is answered invalid with RELAY, also
   * when the envelope would go directly to a neighbour and none is made (measured unsigned, ADR
   * 1421).
   */
  @Test
  void aProposalToANeighbourOverTheInnerBoundIsInvalid() throws Exception {
    ObjectNode payload = MeshKeys.proposal();
    com.fasterxml.jackson.databind.node.ArrayNode sources =
        (com.fasterxml.jackson.databind.node.ArrayNode) payload.path("fact").path("sources");
    for (int i = 0; i < 40; i++) {
      sources.add("\uD83D\uDCDA".repeat(4096)); // 40 × 16,384 bytes: over the bound
    }
    ObjectNode request = meshSend(fp(b), "FACT_PROPOSE", payload);
    JsonNode answer = call("POST", "mesh/send", request);
    assertThat(answer.path("result").asText()).isEqualTo("invalid");
    assertThat(answer.at("/error/code").asText()).isEqualTo("RELAY");
    sources.removeAll();
    assertThat(call("POST", "mesh/send", request).path("result").asText()).isEqualTo("sent");
  }

  @Test
  void anIntentFromAnOriginCHoldsUntrustedComesBackAsAMeshUndeliverable() throws Exception {
    ObjectNode request = meshSend(fp(c), "INTENT", MeshKeys.intent());
    String msgId = call("POST", "mesh/send", request).path("msg_id").asText();
    await(
        "A receives C's MESH_UNDELIVERABLE through B",
        () ->
            kinds(a, "mesh.relay.delivered").stream()
                .anyMatch(e -> e.at("/attributes/type").asText().equals("MESH_UNDELIVERABLE")));
    assertThat(kinds(c, "mesh.relay.delivered"))
        .anyMatch(e -> e.path("msg_id").asText().equals(msgId));
    assertThat(kinds(c, "rtt.error.sent")).isEmpty(); // [MESH-DEL-002] no ERROR frame for it
    assertThat(kinds(c, "mesh.relay.originated"))
        .anyMatch(e -> e.at("/attributes/type").asText().equals("MESH_UNDELIVERABLE"));
    eventsConform();
  }

  /**
   * A and C hold B trusted, then B holds both trusted: B vouches each to the other (MESH-TRU-003).
   */
  private void trustThroughB() throws InterruptedException {
    a.overrideTrust(fp(b), "trusted");
    c.overrideTrust(fp(b), "trusted");
    b.overrideTrust(fp(a), "trusted");
    b.overrideTrust(fp(c), "trusted");
    await("A holds C probing", () -> "probing".equals(a.trust().get(fp(c))));
    await("C holds A probing", () -> "probing".equals(c.trust().get(fp(a))));
  }

  private void eventsConform() {
    Schema schema = SchemaCatalog.get().schema("events/event.schema.json");
    for (ReferenceAgent agent : List.of(a, b, c)) {
      for (ObjectNode e : agent.events(0, 10_000)) {
        assertThat(SchemaCatalog.describe(schema.validate(e))).as(e.toString()).isEmpty();
      }
    }
  }

  private static List<JsonNode> kinds(ReferenceAgent agent, String kind) {
    List<JsonNode> out = new ArrayList<>();
    for (ObjectNode e : agent.events(0, 10_000)) {
      if (e.path("kind").asText().equals(kind)) {
        out.add(e);
      }
    }
    return out;
  }

  private JsonNode call(String method, String path, JsonNode body) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(aHarness + "/" + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TOKEN);
    if (method.equals("POST")) {
      r.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    } else {
      r.GET();
    }
    HttpResponse<String> response = CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    Schema schema =
        SchemaCatalog.get().schema("harness/" + path.replace('/', '_') + ".response.schema.json");
    assertThat(SchemaCatalog.describe(schema.validate(answer))).as(response.body()).isEmpty();
    return answer;
  }

  /** A harness {@code POST mesh/send} request body (harness.md §4.14). */
  private static ObjectNode meshSend(String destination, String type, JsonNode payload) {
    ObjectNode request = JSON.createObjectNode();
    request.put("destination", destination);
    request.put("type", type);
    request.set("payload", payload);
    return request;
  }

  private static String route(ReferenceAgent agent, String destination) {
    for (JsonNode r : agent.mesh().orElseThrow().mesh().path("routes")) {
      if (r.path("destination").asText().equals(destination)) {
        return r.path("via").asText() + "/" + r.path("hops").asInt();
      }
    }
    return "none";
  }

  private ReferenceAgent agent(String name) {
    return new ReferenceAgent(
        new HarnessBackend.Implementation("web4-reference", "test"),
        name,
        AgentKeyPair.generate(random),
        new AdjustableClock(Clock.systemUTC()),
        random,
        e -> {});
  }

  private static String fp(ReferenceAgent agent) {
    return agent.backend().identity().publicKey().fingerprint();
  }

  /** Waits for a condition for at most 20 s (loaded machine), failing with what was awaited. */
  private static void await(String what, BooleanSupplier condition) {
    Await.until(what, Duration.ofSeconds(20), condition);
  }
}
