package org.web4.cli.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.web4.cip.AgentLoop;

/**
 * The stated limit of mesh 1.0, measured: 10 reference agents (spec/mesh.md Table 4.8) on loopback
 * in a line {@code m0 — m1 — … — m9}, whose diameter is 9, the default hop limit. It proves,
 * through the agents' harnesses:
 *
 * <ul>
 *   <li>routes converge: every agent's {@code GET mesh} lists all 9 others, each with hop count |i
 *       − j| through the neighbour towards it (MESH-RTE-001 … 003, HAR-MESH-001);
 *   <li>every one of the 90 ordered pairs exchanges an INTENT and its INTENT_RESPONSE: directly
 *       between neighbours (MESH-ORG-001), through the mesh otherwise (MESH-ORG-002, MESH-DEL-001);
 *   <li>every relayed copy stays within the hop limit and takes the only path: for an envelope from
 *       m<sub>i</sub> to m<sub>j</sub>, exactly the agents between them report {@code
 *       mesh.relay.forwarded}, each with |k − i| + 1 route entries ≤ 9 (MESH-RLY-005,
 *       EVT-MESH-001).
 * </ul>
 */
class TenAgentMeshTest {
  static final int AGENTS = 10;
  static final int HOP_LIMIT = 9;
  static final Duration LIMIT = Duration.ofSeconds(60);

  @Test
  void everyOrderedPairOfALineOfTenExchangesAnIntentWithinTheHopLimit() throws Exception {
    try (InProcessAgents started = new InProcessAgents()) {
      List<LiveAgent> m = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        m.add(started.start("m" + i).live());
      }
      for (int i = 0; i + 1 < AGENTS; i++) {
        assertThat(MeshOps.dial(m.get(i), m.get(i + 1)).path("result").asText())
            .isEqualTo("connected");
      }
      routesConverge(m);
      // each origin must hold each destination probing or better, and back (CIP-TRU-003)
      for (int i = 0; i < AGENTS; i++) {
        for (int j = 0; j < AGENTS; j++) {
          if (Math.abs(i - j) > 1) {
            MeshOps.override(m.get(i), m.get(j), "probing");
          }
        }
      }
      Map<List<Integer>, String> intents = new HashMap<>();
      Map<List<Integer>, String> meshIds = new HashMap<>();
      for (int i = 0; i < AGENTS; i++) {
        for (int j = 0; j < AGENTS; j++) {
          if (i == j) {
            continue;
          }
          JsonNode sent =
              MeshOps.send(m.get(i), m.get(j).fingerprint(), "INTENT", MeshOps.intent("m" + i));
          assertThat(sent.path("result").asText())
              .as("m%d → m%d: %s", i, j, sent)
              .isEqualTo("sent");
          assertThat(sent.path("mesh_id").isNull()).isEqualTo(Math.abs(i - j) == 1);
          assertThat(sent.path("to").get(0).asText())
              .isEqualTo(m.get(i + Integer.signum(j - i)).fingerprint());
          intents.put(List.of(i, j), sent.path("msg_id").asText());
          if (Math.abs(i - j) > 1) {
            meshIds.put(List.of(i, j), sent.path("mesh_id").asText());
          }
        }
      }
      EventFeed feed = new EventFeed(m, new Names());
      Map<List<Integer>, String> responses = awaitAnswers(started, m, feed, intents);
      for (Map.Entry<List<Integer>, String> e : intents.entrySet()) {
        assertRelayedAlongTheLine(m, feed, e.getKey().get(0), e.getKey().get(1), e.getValue());
      }
      for (Map.Entry<List<Integer>, String> e : meshIds.entrySet()) {
        assertOriginatedOnce(m, feed, e.getKey().get(0), e.getKey().get(1), e.getValue());
      }
      for (Map.Entry<List<Integer>, String> e : responses.entrySet()) {
        assertRelayedAlongTheLine(m, feed, e.getKey().get(1), e.getKey().get(0), e.getValue());
      }
      for (LiveAgent a : m) {
        for (JsonNode e : feed.seen(a)) {
          if (e.path("kind").asText().equals("mesh.relay.forwarded")) {
            assertThat(e.path("attributes").path("hops").asInt()).isBetween(2, HOP_LIMIT);
          }
          assertThat(e.path("kind").asText())
              .as("%s: %s", a.name(), e)
              .isNotEqualTo("mesh.relay.dropped");
        }
      }
    }
  }

  /** Every agent lists the 9 others, each at |i − j| hops through its neighbour towards it. */
  private static void routesConverge(List<LiveAgent> m) throws Exception {
    for (int i = 0; i < AGENTS; i++) {
      LiveAgent a = m.get(i);
      int from = i;
      Await.until(
          LIMIT,
          a.name() + "'s routes to all 9 others",
          () -> MeshOps.routes(a).size() == AGENTS - 1 && routesAreTheLine(m, from));
    }
  }

  private static boolean routesAreTheLine(List<LiveAgent> m, int i)
      throws org.web4.cli.CommandErrors.InputException, InterruptedException {
    for (AgentView.Route r : MeshOps.routes(m.get(i))) {
      int j = indexOf(m, r.destination());
      if (r.hops() != Math.abs(i - j)
          || !r.via().equals(m.get(i + Integer.signum(j - i)).fingerprint())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until every INTENT was answered: a direct answer in the origin's agent loop, a relayed
   * one as {@code mesh.relay.delivered} of an INTENT_RESPONSE from the destination. Returns the
   * relayed INTENT_RESPONSEs' msg_ids by (origin of the INTENT, its destination).
   */
  private static Map<List<Integer>, String> awaitAnswers(
      InProcessAgents started,
      List<LiveAgent> m,
      EventFeed feed,
      Map<List<Integer>, String> intents)
      throws Exception {
    Map<List<Integer>, String> responses = new HashMap<>();
    for (Map.Entry<List<Integer>, String> e : intents.entrySet()) {
      int i = e.getKey().get(0);
      int j = e.getKey().get(1);
      LiveAgent origin = m.get(i);
      String destination = m.get(j).fingerprint();
      if (Math.abs(i - j) == 1) {
        Await.until(
            LIMIT,
            "m" + j + "'s direct INTENT_RESPONSE at m" + i,
            () ->
                started.all().get(i).agent().loop().memory().stream()
                    .anyMatch(
                        w ->
                            w instanceof AgentLoop.IntentAnswered a
                                && a.peer().equals(destination)
                                && a.response().path("intent_ref").asText().equals(e.getValue())));
        continue;
      }
      Await.until(
          LIMIT,
          "m" + j + "'s relayed INTENT_RESPONSE at m" + i,
          () -> {
            feed.refresh(origin);
            return feed.seen(origin).stream().anyMatch(ev -> isResponseFrom(ev, destination));
          });
      // one exchange per ordered pair: the response from m_j at m_i is the answer to this INTENT
      feed.seen(origin).stream()
          .filter(ev -> isResponseFrom(ev, destination))
          .forEach(ev -> responses.put(e.getKey(), ev.path("msg_id").asText()));
    }
    for (LiveAgent a : m) {
      feed.refresh(a);
    }
    return responses;
  }

  private static boolean isResponseFrom(JsonNode ev, String origin) {
    return ev.path("kind").asText().equals("mesh.relay.delivered")
        && ev.path("attributes").path("type").asText().equals("INTENT_RESPONSE")
        && ev.path("attributes").path("origin").asText().equals(origin);
  }

  /**
   * The envelope {@code msgId} from m<sub>from</sub> to m<sub>to</sub> was forwarded by exactly the
   * agents between them, each once, with |k − from| + 1 route entries.
   */
  private static void assertRelayedAlongTheLine(
      List<LiveAgent> m, EventFeed feed, int from, int to, String msgId) {
    Set<String> expected = new TreeSet<>();
    for (int k = Math.min(from, to) + 1; k < Math.max(from, to); k++) {
      expected.add("m" + k + " hops=" + (Math.abs(k - from) + 1));
    }
    Set<String> forwarded = new TreeSet<>();
    int copies = 0;
    for (LiveAgent a : m) {
      for (JsonNode e : feed.seen(a)) {
        if (e.path("kind").asText().equals("mesh.relay.forwarded")
            && e.path("msg_id").asText().equals(msgId)) {
          forwarded.add(a.name() + " hops=" + e.path("attributes").path("hops").asInt());
          copies++;
        }
      }
    }
    assertThat(forwarded).as("relays of m%d → m%d (%s)", from, to, msgId).isEqualTo(expected);
    assertThat(copies).isEqualTo(expected.size());
  }

  /**
   * m<sub>from</sub> reported one {@code mesh.relay.originated} for the INTENT's {@code meshId}: to
   * its neighbour towards m<sub>to</sub>, destination m<sub>to</sub>, type INTENT (EVT-MESH-003).
   */
  private static void assertOriginatedOnce(
      List<LiveAgent> m, EventFeed feed, int from, int to, String meshId) {
    List<JsonNode> originated =
        feed.seen(m.get(from)).stream()
            .filter(
                e ->
                    e.path("kind").asText().equals("mesh.relay.originated")
                        && e.path("attributes").path("mesh_id").asText().equals(meshId))
            .toList();
    assertThat(originated).as("mesh.relay.originated of m%d → m%d", from, to).hasSize(1);
    JsonNode e = originated.get(0);
    assertThat(e.path("peer").asText())
        .isEqualTo(m.get(from + Integer.signum(to - from)).fingerprint());
    assertThat(e.path("attributes").path("destination").asText())
        .isEqualTo(m.get(to).fingerprint());
    assertThat(e.path("attributes").path("type").asText()).isEqualTo("INTENT");
  }

  private static int indexOf(List<LiveAgent> m, String fingerprint) {
    for (int i = 0; i < m.size(); i++) {
      if (m.get(i).fingerprint().equals(fingerprint)) {
        return i;
      }
    }
    throw new IllegalArgumentException("no agent " + fingerprint);
  }
}
