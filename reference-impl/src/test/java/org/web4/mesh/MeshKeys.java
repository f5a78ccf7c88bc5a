package org.web4.mesh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;

/** Fixed identities and signed inner envelopes for the mesh's unit tests. */
final class MeshKeys {
  static final Instant NOW = Instant.parse("2026-01-15T09:30:00Z");

  private MeshKeys() {}

  static AgentKeyPair key(int n) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, (byte) n);
    return AgentKeyPair.fromSeed(seed);
  }

  static String fp(int n) {
    return key(n).publicKey().fingerprint();
  }

  /**
   * A CIP envelope of {@code type} from {@code origin} to {@code receiver}, canonical, in base64.
   */
  static String inner(String type, AgentKeyPair origin, String receiver, ObjectNode payload) {
    ObjectNode e =
        EnvelopeBuilder.of(Protocol.CIP, type)
            .msgId(UUID.randomUUID())
            .timestamp(NOW)
            .sender("origin", origin)
            .receiver("destination", receiver)
            .payload(payload)
            .sign(origin);
    return Base64.getEncoder().encodeToString(JsonCanonicalizer.canonicalize(e));
  }

  static ObjectNode intent() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("goal", "ask");
    p.put("topic", "greetings");
    p.put("priority", "normal");
    return p;
  }

  static ObjectNode proposal() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    ObjectNode f = p.putObject("fact");
    f.put("statement", "the sky is blue");
    f.put("domain", "weather");
    f.put("confidence", 0.9);
    f.putArray("sources");
    ObjectNode trace = p.putObject("dmp_trace");
    trace.put("decision_id", UUID.randomUUID().toString());
    trace.putArray("steps").add("observed: the sky is blue");
    trace.putArray("evidence");
    return p;
  }
}
