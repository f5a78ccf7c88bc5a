package org.web4.conformance.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.web4.conformance.model.Identity;

/**
 * The reply of {@code GET /info}.
 *
 * @param harnessVersion the harness API version the implementation speaks
 * @param name the implementation's name
 * @param version the implementation's version
 * @param profiles the conformance profiles it claims
 * @param capabilities optional harness capabilities it supports
 * @param identity its agent identity
 * @param raw the whole reply
 */
public record HarnessInfo(
    String harnessVersion,
    String name,
    String version,
    List<String> profiles,
    List<String> capabilities,
    Identity identity,
    JsonNode raw) {}
