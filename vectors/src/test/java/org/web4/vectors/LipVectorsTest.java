package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.web4.envelope.Timestamps;
import org.web4.lip.Acceptance;
import org.web4.lip.EvidenceDocument;
import org.web4.lip.LipQueue;
import org.web4.lip.LipUri;
import org.web4.lip.SourceRules;
import org.web4.lip.Tier;

/**
 * Replays every case of {@code vectors/lip/} on the reference, from the files only: each HTTP
 * response is judged with {@link EvidenceDocument}, each URI normalized and resolved with {@link
 * LipUri}, each tier looked up and moved with {@link SourceRules}, each queue sequence replayed on
 * a fresh {@link LipQueue} and compared after every step (effects and statuses).
 */
class LipVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TestFactory
  Stream<DynamicNode> lipEvidenceDocument() throws IOException {
    return ReferenceVectorsTest.file(LipVectors.DOCUMENT_PATH, LipVectorsTest::checkDocument);
  }

  @TestFactory
  Stream<DynamicNode> lipSource() throws IOException {
    return ReferenceVectorsTest.file(LipVectors.SOURCE_PATH, LipVectorsTest::checkSource);
  }

  @TestFactory
  Stream<DynamicNode> lipQueue() throws IOException {
    return ReferenceVectorsTest.file(LipVectors.QUEUE_PATH, LipVectorsTest::checkQueue);
  }

  private static void checkDocument(JsonNode group, JsonNode test) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (JsonNode h : test.get("headers")) {
      headers.computeIfAbsent(h.get(0).asText(), k -> new ArrayList<>()).add(h.get(1).asText());
    }
    EvidenceDocument.Verdict v =
        EvidenceDocument.judge(
            test.get("status").asInt(), headers, HEX.parseHex(test.get("bodyHex").asText()));
    if (test.get("result").asText().equals("valid")) {
      ObjectNode payload = v.payload();
      if (payload == null) {
        throw new AssertionError("a conforming document; got " + v.failure());
      }
      assertThat(org.web4.json.JsonCanonicalizer.canonicalString(payload))
          .isEqualTo(org.web4.json.JsonCanonicalizer.canonicalString(test.get("payload")));
    } else {
      assertThat(v.conforms()).isFalse();
      org.web4.lip.FailureReason failure = v.failure();
      assertThat(failure == null ? "none" : failure.wire()).isEqualTo(test.get("reason").asText());
    }
  }

  private static void checkSource(JsonNode group, JsonNode test) throws Exception {
    switch (group.get("type").asText()) {
      case "LipUriNormalization" -> {
        Optional<LipUri> n = LipUri.parse(test.get("uri").asText());
        assertThat(n.map(LipUri::toString).orElse(null))
            .isEqualTo(test.get("normalized").isNull() ? null : test.get("normalized").asText());
      }
      case "LipRedirectTarget" -> {
        Optional<LipUri> t =
            LipUri.parse(test.get("base").asText())
                .orElseThrow()
                .resolve(test.get("location").asText());
        assertThat(t.map(LipUri::toString).orElse(null))
            .isEqualTo(test.get("target").isNull() ? null : test.get("target").asText());
      }
      case "LipTier" -> {
        SourceRules rules = new SourceRules();
        rules.configure(rules(group.get("rules")));
        assertThat(rules.tierOf(LipUri.parse(test.get("uri").asText()).orElseThrow()).wire())
            .isEqualTo(test.get("tier").asText());
      }
      case "LipTierMovement" -> {
        SourceRules rules = new SourceRules();
        String prefix = LipVectors.ORIGIN + "/s/";
        rules.configure(
            List.of(
                new SourceRules.Configured(
                    prefix, Tier.ofWire(test.get("tier").asText()).orElseThrow())));
        LipUri item = LipUri.parse(prefix + "doc").orElseThrow();
        for (JsonNode s : test.get("steps")) {
          if (s.get("event").asText().equals("corroborated")) {
            rules.corroborated(item);
          } else {
            rules.refuted(item);
          }
          SourceRules.Rule r = rules.rules().get(0);
          assertThat(List.of(r.tier().wire(), r.corroboratedRun(), r.refutedRun()))
              .as("after %s", s)
              .isEqualTo(List.of(s.get("tier").asText(), s.get("c").asInt(), s.get("r").asInt()));
        }
      }
      default -> throw new AssertionError("no group type " + group.get("type"));
    }
  }

  private static List<SourceRules.Configured> rules(JsonNode list) {
    List<SourceRules.Configured> out = new ArrayList<>();
    for (JsonNode r : list) {
      out.add(
          new SourceRules.Configured(
              r.get("prefix").asText(), Tier.ofWire(r.get("tier").asText()).orElseThrow()));
    }
    return out;
  }

  private static void checkQueue(JsonNode group, JsonNode test) throws Exception {
    LipQueue queue = new LipQueue();
    queue.reset(rules(group.get("rules")));
    Instant now = Timestamps.parse(group.get("start").asText()).orElseThrow();
    boolean overloaded = false;
    for (JsonNode s : test.get("steps")) {
      List<LipQueue.Effect> effects = List.of();
      switch (s.get("do").asText()) {
        case "arrive" -> {
          Instant retrieved = now.plusSeconds(s.get("retrievedAheadSeconds").asLong());
          List<String> claims = new ArrayList<>();
          s.get("claims").forEach(c -> claims.add(c.asText()));
          effects =
              queue.arrive(
                  new LipQueue.Arrival(
                      s.get("item").asText(),
                      s.get("asker").isNull() ? null : s.get("asker").asText(),
                      s.get("originator").isNull() ? null : s.get("originator").asText(),
                      LipUri.parse(s.get("uri").asText()).orElseThrow(),
                      Timestamps.format(retrieved),
                      retrieved,
                      claims,
                      s.get("evidenceEmpty").asBoolean()),
                  now,
                  overloaded);
        }
        case "vote" -> {
          try {
            effects =
                queue.vote(
                    s.get("item").asText(),
                    s.get("voter").asText(),
                    s.get("decision").asText().equals("accept"),
                    s.get("trusted").asBoolean(),
                    now,
                    overloaded);
            assertThat(s.has("refused")).as("refused: %s", s).isFalse();
          } catch (LipQueue.VoteRefused e) {
            assertThat(s.path("refused").asText()).isEqualTo("TRUST_VIOLATION");
          }
        }
        case "report" -> {
          List<String> conflicts = new ArrayList<>();
          s.get("conflicts").forEach(c -> conflicts.add(c.asText()));
          effects =
              queue.report(
                  s.get("reporter").asText(),
                  s.get("trusted").asBoolean(),
                  LipUri.parse(s.get("uri").asText()).orElseThrow(),
                  conflicts,
                  s.get("severity").asText(),
                  now,
                  overloaded);
        }
        case "load" -> {
          overloaded = s.get("overloaded").asBoolean();
          effects = queue.rejudge(now, overloaded);
        }
        case "advance" -> {
          now = now.plusSeconds(s.get("seconds").asLong());
          effects = queue.rejudge(now, overloaded);
        }
        case "configure" -> effects = queue.configure(rules(s.get("rules")), now, overloaded);
        default -> throw new AssertionError("no step " + s.get("do"));
      }
      assertThat(describe(effects)).as("effects of %s", s).isEqualTo(expected(s.get("effects")));
      for (LipQueue.Item i : queue.items()) {
        String status = i.status().wire() + i.reason().map(r -> " " + r.wire()).orElse("");
        assertThat(status)
            .as("%s after %s", i.id(), s)
            .isEqualTo(s.get("statuses").get(i.id()).asText());
      }
    }
  }

  private static List<String> expected(JsonNode effects) {
    List<String> out = new ArrayList<>();
    effects.forEach(e -> out.add(((ObjectNode) e).toString()));
    return out;
  }

  private static List<String> describe(List<LipQueue.Effect> effects) {
    List<String> out = new ArrayList<>();
    for (LipQueue.Effect e : effects) {
      ObjectNode o = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
      if (e instanceof LipQueue.StatusChanged sc) {
        o.put("effect", "status");
        o.put("item", sc.item());
        o.put("status", sc.status().wire());
        Acceptance.Reason reason = sc.reason();
        if (reason == null) {
          o.putNull("reason");
        } else {
          o.put("reason", reason.wire());
        }
        var c = o.putArray("corroborators");
        sc.corroborators().forEach(c::add);
      } else if (e instanceof LipQueue.ConflictOpened co) {
        o.put("effect", "conflict");
        o.put("item", co.item());
        o.put("with", co.reporter());
        var claims = o.putArray("claims");
        co.claims().forEach(claims::add);
        o.put("severity", co.severity());
      } else if (e instanceof LipQueue.TierChanged tc) {
        o.put("effect", "tier");
        o.put("source", tc.change().prefix());
        o.put("from", tc.change().from().wire());
        o.put("to", tc.change().to().wire());
        o.put("cause", tc.change().cause());
      }
      out.add(o.toString());
    }
    return out;
  }
}
