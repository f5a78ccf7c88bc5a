package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * Harness answers recorded from a line of three agents {@code ana — ben — cleo} (spec/harness.md
 * Table 4 shapes): ben holds ana trusted and cleo probing, dropped one duplicate relay, and routes
 * ana and cleo at 1 hop; ana routes cleo at 2 hops via ben. Only ana and ben are "read".
 */
final class RecordedAnswers {
  static final String ANA = "a".repeat(64);
  static final String BEN = "b".repeat(64);
  static final String CLEO = "c".repeat(64);
  static final String MESH_ID = "0b7c5a6e-2f43-4f0e-9d7a-3c1e2b4d5f60";

  private static final ObjectMapper JSON = new ObjectMapper();

  private RecordedAnswers() {}

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static JsonNode info(String agentId, String fingerprint) {
    return json(
        """
        {"harness_version":"1.1","implementation":{"name":"web4-reference","version":"0.5.0"},
         "protocols":{"cip":["1.0"],"mesh":["1.0"]},"profiles":["full"],
         "capabilities":["rtt","cip","events","mesh"],
         "identity":{"agent_id":"%s","pubkey":"%s","fingerprint":"%s"}}
        """
            .formatted(agentId, "A".repeat(43) + "=", fingerprint));
  }

  /** A harness 1.1 CONN, with its send queue (HAR-RTT-003). */
  static JsonNode connection(String peerId, String peer, long messages, long bytes) {
    return json(
        """
        {"peer_agent_id":"%s","peer_fingerprint":"%s","state":"open",
         "channels":["control","state","knowledge"],"send_queue":{"messages":%d,"bytes":%d}}
        """
            .formatted(peerId, peer, messages, bytes));
  }

  /** A harness 1.0 CONN: no send queue. */
  static JsonNode connection(String peerId, String peer) {
    return json(
        """
        {"peer_agent_id":"%s","peer_fingerprint":"%s","state":"open",
         "channels":["control","state","knowledge"]}
        """
            .formatted(peerId, peer));
  }

  static JsonNode connections(JsonNode... connections) {
    var out = JSON.createObjectNode();
    var list = out.putArray("connections");
    for (JsonNode c : connections) {
      list.add(c);
    }
    return out.put("handshaking", 0);
  }

  static AgentView ben() {
    return AgentView.of(
        "http://127.0.0.1:4002/harness/v1",
        info("ben", BEN),
        connections(connection("ana", ANA, 0, 0), connection("cleo", CLEO, 2, 551_424)),
        json(
            """
            {"peers":[{"fingerprint":"%s","state":"trusted"},
                      {"fingerprint":"%s","state":"probing"}]}
            """
                .formatted(ANA, CLEO)),
        json(
            """
            {"hop_limit":9,"remembered":3,"routes":[
              {"destination":"%s","agent_id":"ana","via":"%s","hops":1},
              {"destination":"%s","agent_id":"cleo","via":"%s","hops":1}]}
            """
                .formatted(ANA, ANA, CLEO, CLEO)),
        json(
            """
            {"last":12,"events":[
              {"version":"1.0","seq":11,"time":"2026-12-06T17:40:01.123Z","kind":"mesh.relay.delivered",
               "agent":"%s","peer":"%s","msg_id":"5a0c1e44-9a1b-4c3d-8e2f-1a2b3c4d5e6f",
               "attributes":{"mesh_id":"%s","origin":"%s","type":"DECISION_SHARE"}},
              {"version":"1.0","seq":12,"time":"2026-12-06T17:40:01.150Z","kind":"mesh.relay.dropped",
               "agent":"%s","peer":"%s","msg_id":"5a0c1e44-9a1b-4c3d-8e2f-1a2b3c4d5e6f",
               "attributes":{"mesh_id":"%s","reason":"duplicate"}}]}
            """
                .formatted(BEN, ANA, MESH_ID, ANA, BEN, CLEO, MESH_ID)));
  }

  static AgentView ana() {
    return AgentView.of(
        "http://127.0.0.1:4001/harness/v1",
        info("ana", ANA),
        connections(connection("ben", BEN)),
        json("{\"peers\":[{\"fingerprint\":\"%s\",\"state\":\"probing\"}]}".formatted(BEN)),
        json(
            """
            {"hop_limit":9,"remembered":0,"routes":[
              {"destination":"%s","agent_id":"ben","via":"%s","hops":1},
              {"destination":"%s","agent_id":"cleo","via":"%s","hops":2}]}
            """
                .formatted(BEN, BEN, CLEO, BEN)),
        json("{\"last\":0,\"events\":[]}"));
  }

  static List<AgentView> anaAndBen() {
    return List.of(ana(), ben());
  }
}
