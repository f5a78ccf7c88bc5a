package org.web4.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mesh side of a running agent, as the harness drives it (spec/harness.md §4.14). Answers are
 * the response objects of the operations. Thread-safe.
 */
public interface MeshControl {
  /** {@code GET mesh} [HAR-MESH-001]. */
  ObjectNode mesh();

  /**
   * {@code POST mesh/send} [HAR-MESH-002]: originates an envelope of {@code type} with {@code
   * payload} for {@code destination} (a fingerprint or {@code *}); answers {@code sent}, {@code
   * unreachable} or {@code invalid}.
   */
  ObjectNode send(String destination, String type, ObjectNode payload, int hopLimit);
}
