package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The LIP side of a running agent, as the harness drives it (spec/harness.md §4.13): source rules
 * and the deferred-acceptance queue. Answers are the response objects of the operations.
 * Thread-safe.
 */
public interface LipControl {
  /** A configuration the IUT refuses: two prefixes equal after normalization, or a query. */
  final class BadSources extends Exception {
    private static final long serialVersionUID = 1L;

    public BadSources(String message) {
      super(message);
    }
  }

  /** {@code POST lip/sources}: replaces every rule, judges again, answers the new rules. */
  ObjectNode configureSources(JsonNode request) throws BadSources;

  /** {@code GET lip/sources}. */
  ObjectNode sources();

  /** {@code GET lip/queue}. */
  ObjectNode queue();
}
