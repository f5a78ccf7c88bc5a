package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.web4.agent.AdjustableClock;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.Timestamps;
import org.web4.mesh.Forwarding;
import org.web4.mesh.MeshIdMemory;
import org.web4.mesh.RelayJudge;
import org.web4.mesh.RelayPayload;
import org.web4.mesh.RouteTable;
import org.web4.mesh.Vouching;

/**
 * Replays every case of {@code vectors/mesh/} against the reference's mesh classes, from the files
 * only: {@link RelayJudge} (steps R1–R5) and {@link Forwarding} (R6) with the case's memory, trust
 * and {@link RouteTable}; the route table and its announcements; trust sequences on a {@link
 * TrustBook} with {@link Vouching} deciding which MESH_VOUCH is a vouch event; knowledge consensus
 * on {@link org.web4.cip.Consensus} ({@link MeshKnowledgeReplay}).
 */
class MeshVectorsTest {
  private static final String PEER = "ab".repeat(32);
  private static final String VOUCHER = "cd".repeat(32);
  private static final String RECEIVER = "ef".repeat(32);

  @TestFactory
  Stream<DynamicNode> meshRelay() throws IOException {
    return ReferenceVectorsTest.file(MeshRelayVectors.PATH, MeshVectorsTest::checkRelay);
  }

  @TestFactory
  Stream<DynamicNode> meshRoutes() throws IOException {
    return ReferenceVectorsTest.file(MeshRouteVectors.PATH, MeshVectorsTest::checkRoutes);
  }

  @TestFactory
  Stream<DynamicNode> meshTrust() throws IOException {
    return ReferenceVectorsTest.file(MeshTrustVectors.PATH, MeshVectorsTest::checkTrust);
  }

  @TestFactory
  Stream<DynamicNode> meshKnowledge() throws IOException {
    return ReferenceVectorsTest.file(MeshKnowledgeVectors.PATH, MeshKnowledgeReplay::check);
  }

  private static void checkRelay(JsonNode group, JsonNode test) throws Exception {
    Instant now = Timestamps.parse(group.get("now").asText()).orElseThrow();
    String self = group.get("self").get("fingerprint").asText();
    EnvelopeValidator validator = EnvelopeValidator.create();
    JsonNode outer =
        validator.validate(test.get("relay").asText().getBytes(StandardCharsets.UTF_8), now).json();
    Set<String> blacklisted = new HashSet<>();
    test.get("trust")
        .forEach(
            t -> {
              if (t.get("state").asText().equals("blacklisted")) {
                blacklisted.add(t.get("fingerprint").asText());
              }
            });
    MeshIdMemory memory = new MeshIdMemory();
    test.get("remembered").forEach(id -> memory.remember(id.asText(), now));
    RelayJudge judge =
        new RelayJudge(
            self,
            memory,
            bytes -> validator.validateBeforeReplay(bytes, now),
            blacklisted::contains);
    RelayPayload relay = RelayPayload.of(outer.get("payload"));
    RelayJudge.Verdict verdict = judge.judge(relay, test.get("from").asText(), now);
    JsonNode o = test.get("outcome");
    switch (o.get("action").asText()) {
      case "refuse" -> {
        assertThat(verdict).isInstanceOf(RelayJudge.Refused.class);
        RelayJudge.Refused r = (RelayJudge.Refused) verdict;
        assertThat(r.code().name()).isEqualTo(o.get("error").asText());
        assertThat(r.reason())
            .isEqualTo(o.get("step").asText().equals("R5") ? "blacklisted" : "relay");
      }
      case "drop" -> {
        assertThat(verdict).isInstanceOf(RelayJudge.Dropped.class);
        assertThat(((RelayJudge.Dropped) verdict).reason()).isEqualTo(o.get("reason").asText());
      }
      default -> {
        assertThat(verdict).isInstanceOf(RelayJudge.Accepted.class);
        checkForwarding(test, self, blacklisted, relay, (RelayJudge.Accepted) verdict);
      }
    }
  }

  /** R6: the reference's plan from its route table, and the route back to the origin. */
  private static void checkForwarding(
      JsonNode test,
      String self,
      Set<String> blacklisted,
      RelayPayload relay,
      RelayJudge.Accepted accepted) {
    JsonNode o = test.get("outcome");
    RouteTable routes = new RouteTable(self, blacklisted::contains);
    Map<String, String> neighbours = new TreeMap<>();
    test.get("neighbours")
        .forEach(n -> neighbours.put(n.get("fingerprint").asText(), n.get("agent_id").asText()));
    routes.neighbours(neighbours);
    test.get("routesReceived")
        .forEach(r -> routes.announce(r.get("from").asText(), entries(r.get("routes"))));
    Forwarding plan = Forwarding.plan(relay, self, routes);
    assertThat(plan.deliver()).isEqualTo(o.get("deliver").asBoolean());
    assertThat(plan.to()).isEqualTo(texts(o.get("forwardTo")));
    if (!plan.to().isEmpty()) {
      assertThat(relay.forwardedBy(self).route()).isEqualTo(texts(o.get("forwardedRoute")));
    }
    String unforwarded = plan.unforwarded() == null ? null : plan.unforwarded().name();
    assertThat(unforwarded).isEqualTo(o.get("notForwarded").textValue());
    String back = null;
    if (unforwarded != null && !accepted.inner().type().equals("MESH_UNDELIVERABLE")) {
      back = routes.route(relay.origin()).map(RouteTable.Route::via).orElse(null);
    }
    assertThat(back).isEqualTo(o.get("undeliverableTo").textValue());
  }

  private static void checkRoutes(JsonNode group, JsonNode test) {
    Set<String> blacklisted = new HashSet<>(texts(test.get("blacklisted")));
    RouteTable table =
        new RouteTable(group.get("self").get("fingerprint").asText(), blacklisted::contains);
    Map<String, String> neighbours = new TreeMap<>();
    test.get("neighbours")
        .forEach(n -> neighbours.put(n.get("fingerprint").asText(), n.get("agent_id").asText()));
    table.neighbours(neighbours);
    test.get("received")
        .forEach(r -> table.announce(r.get("from").asText(), entries(r.get("routes"))));
    List<String> got = new ArrayList<>();
    table
        .routes()
        .values()
        .forEach(
            r -> got.add(r.destination() + " " + r.agentId() + " " + r.via() + " " + r.hops()));
    List<String> expected = new ArrayList<>();
    test.get("routes")
        .forEach(
            r ->
                expected.add(
                    r.get("destination").asText()
                        + " "
                        + r.get("agent_id").asText()
                        + " "
                        + r.get("via").asText()
                        + " "
                        + r.get("hops").asInt()));
    assertThat(got).isEqualTo(expected);
    for (JsonNode a : test.get("announced")) {
      assertThat(table.tableFor(a.get("to").asText()))
          .as("announced to %s", a.get("to").asText())
          .isEqualTo(entries(a.get("routes")));
    }
  }

  private static void checkTrust(JsonNode group, JsonNode test) {
    AdjustableClock clock = new AdjustableClock(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
    TrustBook book = new TrustBook(t -> {}, Set.of(), clock);
    assertThat(book.stateOf(PEER).wire()).isEqualTo(group.get("initialState").asText());
    int i = 0;
    for (JsonNode s : test.get("steps")) {
      i++;
      String step = s.get("step").asText();
      if (step.equals("vouch")) {
        vouch(book, s);
      } else if (step.startsWith("advance:")) {
        clock.advance(Duration.ofSeconds(Long.parseLong(step.substring("advance:".length()))));
        book.decayDue();
      } else {
        CipVectors.replay(book, PEER, step);
      }
      assertThat(book.stateOf(PEER).wire())
          .as("after step %d (%s)", i, step)
          .isEqualTo(s.get("state").asText());
    }
  }

  private static void vouch(TrustBook book, JsonNode s) {
    TrustState voucher = TrustState.ofWire(s.get("voucher").asText()).orElseThrow();
    if (book.stateOf(VOUCHER) != voucher) {
      book.override(VOUCHER, voucher);
    }
    String subject =
        switch (s.get("subject").asText()) {
          case "peer" -> PEER;
          case "receiver" -> RECEIVER;
          default -> VOUCHER;
        };
    if (Vouching.isVouchEvent(
        s.get("view").asText(),
        book.stateOf(VOUCHER),
        VOUCHER,
        subject,
        RECEIVER,
        book.isUnknown(subject))) {
      book.apply(subject, TrustEvent.VOUCH);
    }
    assertThat(book.stateOf(RECEIVER)).isEqualTo(TrustState.UNTRUSTED);
    assertThat(book.stateOf(VOUCHER)).isEqualTo(voucher);
  }

  private static List<RouteTable.Entry> entries(JsonNode routes) {
    List<RouteTable.Entry> out = new ArrayList<>();
    routes.forEach(
        e ->
            out.add(
                new RouteTable.Entry(
                    e.get("destination").asText(),
                    e.get("agent_id").asText(),
                    e.get("hops").asInt())));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(t -> out.add(t.asText()));
    return out;
  }
}
