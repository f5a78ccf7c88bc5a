package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The mesh harness operations (spec/harness.md §4.14, capability {@code mesh}): {@code GET mesh}
 * and {@code POST mesh/send}. Each answers 404 when the capability is not offered [HAR-INFO-006].
 */
final class MeshOperations {
  static final String CAPABILITY = "mesh";

  /** spec/mesh.md Table 4.8: the default {@code hop_limit} of an origin. */
  static final int DEFAULT_HOP_LIMIT = 9;

  private MeshOperations() {}

  static List<Operation> all(HarnessBackend backend) {
    return List.of(
        new MeshOperation(
            backend, "mesh", "GET", "harness/mesh.request.schema.json", (mesh, r) -> mesh.mesh()),
        new MeshOperation(
            backend,
            "mesh/send",
            "POST",
            "harness/mesh_send.request.schema.json",
            (mesh, r) ->
                mesh.send(
                    r.get("destination").asText(),
                    r.get("type").asText(),
                    (ObjectNode) r.get("payload"),
                    r.path("hop_limit").asInt(DEFAULT_HOP_LIMIT))));
  }

  @FunctionalInterface
  private interface Handler {
    ObjectNode handle(MeshControl mesh, JsonNode request);
  }

  private record MeshOperation(
      HarnessBackend backend, String path, String method, String requestSchema, Handler handler)
      implements Operation {
    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      Optional<MeshControl> mesh = backend.agent().flatMap(AgentControl::mesh);
      if (mesh.isEmpty() || !backend.capabilities().contains(CAPABILITY)) {
        throw new HarnessException(
            HarnessError.NOT_FOUND, path + ": capability " + CAPABILITY + " is not offered");
      }
      return handler.handle(mesh.get(), request);
    }
  }
}
