package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.web4.conformance.mesh.MeshEnvelopes;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;

/**
 * The defects of a MESH_RELAY that steps R1 and R4 of spec/mesh.md Table 4.3a refuse with {@code
 * RELAY} (MESH-RLY-001), by name, each one and nothing else wrong:
 *
 * <ul>
 *   <li>R1: {@code route ends elsewhere} (its last entry is not the session peer), {@code route
 *       starts elsewhere} (its first entry is not {@code origin}), {@code route repeats an agent},
 *       {@code route longer than hop_limit};
 *   <li>R4: {@code inner signature broken}, {@code inner sender not origin}, {@code inner receiver
 *       not destination}, {@code inner timestamp stale}, {@code envelope not canonical base64},
 *       {@code envelope not an envelope}.
 * </ul>
 */
final class MeshDefects {
  /** A far agent no step names, for the defects that need a third identity. */
  private static final String STRANGER = "mesh-stranger";

  private MeshDefects() {}

  /** The inner envelope with the defect of R4 it carries, re-signed by {@code key} where needed. */
  static ObjectNode inner(String defect, ObjectNode inner, AgentKeyPair key, Mesh mesh) {
    ObjectNode e = inner.deepCopy();
    switch (defect) {
      case "inner signature broken" -> {
        byte[] sig = Base64.getDecoder().decode(e.path("sign").path("signature").asText());
        sig[0] ^= 0x01;
        ((ObjectNode) e.path("sign")).put("signature", Base64.getEncoder().encodeToString(sig));
        return e;
      }
      case "inner sender not origin" -> {
        AgentKeyPair other = mesh.key(STRANGER);
        ObjectNode s = (ObjectNode) e.path("sender");
        s.put("agent_id", STRANGER);
        s.put("fingerprint", other.publicKey().fingerprint());
        s.put("pubkey", other.publicKey().base64());
        return EnvelopeBuilder.signed(e, other);
      }
      case "inner receiver not destination" -> {
        ((ObjectNode) e.path("receiver")).put("fingerprint", mesh.fingerprint(STRANGER));
        return EnvelopeBuilder.signed(e, key);
      }
      case "inner timestamp stale" -> {
        var at = Timestamps.parse(e.path("timestamp").asText()).orElseThrow();
        e.put("timestamp", Timestamps.format(at.minusSeconds(600)));
        return EnvelopeBuilder.signed(e, key);
      }
      case "envelope not canonical base64" -> {
        // a length that needs padding, so that the padding can be left out
        while (JsonCanonicalizer.canonicalize(e).length % 3 == 0) {
          ObjectNode p = (ObjectNode) e.path("payload");
          p.put("topic", p.path("topic").asText() + ".");
          e = EnvelopeBuilder.signed(e, key);
        }
        return e;
      }
      default -> {
        return e;
      }
    }
  }

  /** The {@code envelope} string of a MESH_RELAY carrying {@code inner} with the defect. */
  static String encoded(String defect, ObjectNode inner) {
    String b64 = MeshEnvelopes.base64(inner);
    return switch (defect) {
      case "envelope not canonical base64" -> b64.replace("=", "");
      case "envelope not an envelope" ->
          Base64.getEncoder()
              .encodeToString(
                  "[\"not an envelope\"]".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      default -> b64;
    };
  }

  /** The relay with the defect of R1 in its route record or hop limit. */
  static Mesh.Relay relay(String defect, Mesh.Relay r, Mesh mesh) {
    List<String> route = new ArrayList<>(r.route());
    int hopLimit = r.hopLimit();
    switch (defect) {
      case "route ends elsewhere" -> route.add(mesh.fingerprint(STRANGER));
      case "route starts elsewhere" -> route.add(0, mesh.fingerprint(STRANGER));
      case "route repeats an agent" -> route.add(0, route.get(0));
      case "route longer than hop_limit" -> hopLimit = route.size() - 1;
      default -> {
        return r;
      }
    }
    return new Mesh.Relay(
        r.meshId(),
        r.origin(),
        r.destination(),
        hopLimit,
        List.copyOf(route),
        r.envelope(),
        r.inner());
  }
}
