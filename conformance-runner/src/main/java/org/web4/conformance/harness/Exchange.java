package org.web4.conformance.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One harness call as it happened: what the runner sent and what the implementation answered.
 *
 * @param operation e.g. {@code POST /verify/envelope}
 * @param request the request body
 * @param reply the parsed response body
 */
public record Exchange(String operation, ObjectNode request, JsonNode reply) {}
