package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.HexFormat;
import org.web4.crypto.AgentKeyPair;

/**
 * The agents of the mesh vectors: the key named {@code mesh-X} ({@link VectorKeys}), agent_id
 * {@code agent-X}, and fingerprints of destinations that are only names in a MESH_ROUTES.
 */
final class MeshAgents {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** One agent with a key. */
  record Agent(String name, String agentId, AgentKeyPair key) {
    String fp() {
      return key.publicKey().fingerprint();
    }

    ObjectNode json() {
      ObjectNode o = NODES.objectNode();
      o.put("name", name);
      o.put("agent_id", agentId);
      o.put("seedHex", HexFormat.of().formatHex(key.seed()));
      o.put("pubkey", key.publicKey().base64());
      o.put("fingerprint", fp());
      return o;
    }
  }

  private MeshAgents() {}

  static Agent agent(String name) {
    return new Agent(name, "agent-" + name, VectorKeys.key("mesh-" + name));
  }

  /**
   * The fingerprint of the n-th agent known only from MESH_ROUTES:
   * SHA-256("web4-kit/vectors/mesh/far/" + n).
   */
  static String far(int n) {
    return HexFormat.of().formatHex(VectorKeys.sha256("web4-kit/vectors/mesh/far/" + n));
  }

  static ArrayNode list(Collection<Agent> agents) {
    ArrayNode a = NODES.arrayNode();
    agents.forEach(x -> a.add(x.json()));
    return a;
  }
}
