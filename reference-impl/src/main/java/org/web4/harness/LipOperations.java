package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The LIP harness operations (spec/harness.md §4.13, capability {@code lip}): {@code POST
 * lip/sources}, {@code GET lip/sources} and {@code GET lip/queue}. Each answers 404 when the
 * capability is not offered [HAR-INFO-005].
 */
final class LipOperations {
  static final String CAPABILITY = "lip";

  private LipOperations() {}

  static List<Operation> all(HarnessBackend backend) {
    return List.of(
        new LipOperation(
            backend,
            "lip/sources",
            "POST",
            "harness/lip_sources.request.schema.json",
            LipOperations::configure),
        new LipOperation(
            backend,
            "lip/sources",
            "GET",
            "harness/lip_sources_get.request.schema.json",
            (lip, request) -> lip.sources()),
        new LipOperation(
            backend,
            "lip/queue",
            "GET",
            "harness/lip_queue.request.schema.json",
            (lip, request) -> lip.queue()));
  }

  /** {@code POST lip/sources} [HAR-LIP-001]. */
  private static ObjectNode configure(LipControl lip, JsonNode request) throws HarnessException {
    try {
      return lip.configureSources(request);
    } catch (LipControl.BadSources e) {
      throw HarnessException.badRequest(String.valueOf(e.getMessage()));
    }
  }

  @FunctionalInterface
  private interface Handler {
    ObjectNode handle(LipControl lip, JsonNode request) throws HarnessException;
  }

  private record LipOperation(
      HarnessBackend backend, String path, String method, String requestSchema, Handler handler)
      implements Operation {
    @Override
    public ObjectNode handle(JsonNode request) throws HarnessException {
      Optional<LipControl> lip = backend.agent().flatMap(AgentControl::lip);
      if (lip.isEmpty() || !backend.capabilities().contains(CAPABILITY)) {
        throw new HarnessException(
            HarnessError.NOT_FOUND, path + ": capability " + CAPABILITY + " is not offered");
      }
      return handler.handle(lip.get(), request);
    }
  }
}
