package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.web4.envelope.Protocol;

/**
 * One valid payload per message type, plus the protocol blocks each protocol needs, written as JSON
 * so that they read like the spec's tables. Shared by the vector generator and the runner's
 * scenarios.
 */
public final class SamplePayloads {
  private SamplePayloads() {}

  private static final String B64_32 = "3q2+796tvu/erb7v3q2+796tvu/erb7v3q2+796tvu8=";
  private static final String B64_32_B = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final String SIG =
      "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
  private static final String REF = "6f1c2a4e-8b7d-4c3a-9e5f-0a1b2c3d4e5f";
  private static final String FP_A = "a1".repeat(32);
  private static final String FP_B = "b2".repeat(32);

  private static final Map<String, String> PAYLOADS =
      Map.ofEntries(
          Map.entry(
              "HELLO",
              "{\"protocols\":[\"cip/1.0\"],\"capabilities\":[\"state_exchange\",\"knowledge_exchange\","
                  + "\"dmp_trace\"],\"session_nonce\":\""
                  + B64_32
                  + "\",\"challenge\":\""
                  + B64_32_B
                  + "\",\"features\":{\"supports_mesh\":false,\"supports_multiplex\":true}}"),
          Map.entry("VERIFY", "{\"challenge_response\":\"" + SIG + "\"}"),
          Map.entry(
              "STATE_UPDATE",
              "{\"presence\":\"focused\",\"lri\":35,\"ltppeerstate\":\"probing\","
                  + "\"kernel_signals\":[],\"intent\":\"sync\"}"),
          Map.entry(
              "INTENT",
              "{\"goal\":\"verify_knowledge\",\"topic\":\"boiling point of water\","
                  + "\"priority\":\"normal\",\"context\":\"sea level\"}"),
          Map.entry(
              "INTENT_RESPONSE",
              "{\"intent_ref\":\""
                  + REF
                  + "\",\"decision\":\"defer\",\"retry_after_ms\":5000,"
                  + "\"reason\":\"overloaded\"}"),
          Map.entry(
              "FACT_PROPOSE",
              "{\"fact\":{\"statement\":\"Water boils at 100 °C at 101.325 kPa.\",\"domain\":\"physics\","
                  + "\"confidence\":0.97,\"sources\":[\"https://example.org/water\"],"
                  + "\"context\":\"standard pressure\"},\"dmp_trace\":{\"decision_id\":\""
                  + REF
                  + "\",\"steps\":[\"measured\",\"compared with reference tables\"],"
                  + "\"evidence\":[\"table 3\"],\"counterfactuals\":[\"at altitude it boils lower\"]},"
                  + "\"causal_links\":[]}"),
          Map.entry(
              "FACT_CHALLENGE",
              "{\"fact_ref\":\""
                  + REF
                  + "\",\"reason\":\"insufficient_evidence\",\"notes\":\"no source\"}"),
          Map.entry(
              "FACT_CONFIRM",
              "{\"fact_ref\":\"" + REF + "\",\"decision\":\"confirm\",\"confidence\":0.9}"),
          Map.entry(
              "FACT_REJECT",
              "{\"fact_ref\":\""
                  + REF
                  + "\",\"decision\":\"reject\",\"confidence\":0.8,"
                  + "\"notes\":\"contradicts causal memory\"}"),
          Map.entry(
              "DECISION_SHARE",
              "{\"decision\":{\"choice\":\"cache results\",\"outcome\":\"latency halved\"},"
                  + "\"dmp_trace\":{\"decision_id\":\""
                  + REF
                  + "\",\"steps\":[\"profiled\",\"added cache\"],\"evidence\":[\"p99 before/after\"]},"
                  + "\"retrospective\":\"worth it\"}"),
          Map.entry(
              "HCP_HELLO",
              "{\"identity\":{\"name\":\"Ana\",\"role\":\"researcher\"},"
                  + "\"consent_scope\":[\"topic:work\"],\"safety_flags\":[\"slow_pacing\"]}"),
          Map.entry(
              "HCP_INTENT", "{\"goal\":\"clarify\",\"topic\":\"topic:work\",\"priority\":\"low\"}"),
          Map.entry(
              "HCP_CONTEXT",
              "{\"context\":\"planning next week\",\"constraints\":[\"time_limit\"],"
                  + "\"shared_history\":[\"met on Monday\"]}"),
          Map.entry(
              "HCP_DECISION",
              "{\"decision\":\"meet on Thursday\",\"rationale\":\"both are free\","
                  + "\"alternatives\":[\"meet on Friday\"],\"follow_up\":\"send invite\"}"),
          Map.entry(
              "HCP_FEEDBACK",
              "{\"feedback\":\"too fast\",\"corrections\":[\"slow down\"],\"satisfaction\":60}"),
          Map.entry(
              "HCP_STATE_UPDATE",
              "{\"presence\":\"engaged\",\"affect\":\"calm\",\"clarity\":70,\"pressure\":20,"
                  + "\"consent\":\"granted\"}"),
          Map.entry(
              "LIP_FETCH",
              "{\"query\":\"boiling point of water\",\"sources\":[\"https://example.org/water\"],"
                  + "\"constraints\":[\"no_personal_data\"]}"),
          Map.entry(
              "LIP_EVIDENCE",
              "{\"fetch_ref\":\""
                  + REF
                  + "\",\"claims\":[\"Water boils at 100 °C at sea level.\"],"
                  + "\"evidence\":[\"Table 3\"],\"confidence\":0.8,\"extraction_notes\":\"table\"}"),
          Map.entry(
              "LIP_CONFLICT",
              "{\"conflicts\":[\"source says 99 °C\"],\"local_refs\":[\""
                  + REF
                  + "\"],"
                  + "\"severity\":\"low\"}"),
          Map.entry(
              "LIP_ACCEPT",
              "{\"evidence_ref\":\""
                  + REF
                  + "\",\"decision\":\"accept\",\"reason\":\"high tier\","
                  + "\"corroborators\":[]}"),
          Map.entry(
              "LIP_REJECT",
              "{\"evidence_ref\":\""
                  + REF
                  + "\",\"decision\":\"reject\",\"reason\":\"blocked source\","
                  + "\"corroborators\":[\"bob\"]}"),
          Map.entry(
              "MESH_RELAY",
              "{\"mesh_id\":\""
                  + REF
                  + "\",\"origin\":\""
                  + FP_A
                  + "\",\"destination\":\""
                  + FP_B
                  + "\",\"hop_limit\":9,\"route\":[\""
                  + FP_A
                  + "\"],\"envelope\":\"e30=\"}"),
          Map.entry(
              "MESH_ROUTES",
              "{\"routes\":[{\"destination\":\"" + FP_B + "\",\"agent_id\":\"bob\",\"hops\":2}]}"),
          Map.entry(
              "MESH_UNDELIVERABLE",
              "{\"mesh_id\":\""
                  + REF
                  + "\",\"msg_id\":\""
                  + REF
                  + "\",\"code\":\"UNREACHABLE\",\"message\":\"no route\"}"),
          Map.entry("MESH_VOUCH", "{\"subject\":\"" + FP_B + "\",\"view\":\"trusted\"}"));

  /** A valid payload of the type. */
  public static ObjectNode payload(String type) {
    String json = PAYLOADS.get(type);
    if (json == null) {
      throw new IllegalArgumentException("no sample for " + type);
    }
    return (ObjectNode) parse(json);
  }

  /** The blocks a valid envelope of this protocol and type carries besides the common members. */
  public static Map<String, JsonNode> blocks(Protocol protocol, String type) {
    switch (protocol) {
      case CIP:
        return ordered(
            "trust", parse("{\"sender_view\":\"probing\",\"receiver_view\":\"unknown\"}"),
            "state", parse("{\"presence\":\"focused\",\"lri\":20}"));
      case HCP:
        return Map.of(
            "state",
            parse(
                "{\"human\":{\"presence\":\"focused\",\"affect\":\"calm\",\"clarity\":80,"
                    + "\"pressure\":10,\"intent\":\"plan the week\",\"consent\":\"granted\"}}"));
      case LIP:
        if (type.equals("LIP_EVIDENCE") || type.equals("LIP_CONFLICT")) {
          return Map.of(
              "source",
              parse(
                  "{\"uri\":\"https://example.org/water\",\"trust_tier\":\"medium\","
                      + "\"retrieved_at\":\"2026-01-01T00:00:00Z\"}"));
        }
        return Map.of();
      case MESH:
        return Map.of(); // spec/mesh.md §2: no trust, state or source
    }
    throw new AssertionError(protocol);
  }

  private static Map<String, JsonNode> ordered(String k1, JsonNode v1, String k2, JsonNode v2) {
    Map<String, JsonNode> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  static JsonNode parse(String json) {
    try {
      return PrettyJson.mapper().readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
