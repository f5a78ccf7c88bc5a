package org.web4.conformance.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Identity;

/**
 * The reply of {@code GET /info}.
 *
 * @param harnessVersion the harness API version the implementation speaks
 * @param name the implementation's name
 * @param version the implementation's version
 * @param profiles the conformance profiles it claims
 * @param capabilities the harness capabilities it lists, as listed (see {@link Capability#listed})
 * @param identity its agent identity; null when info omits it, which harness 1.1 allows when no
 *     listed capability needs the implementation's key (HAR-INFO-001)
 * @param raw the whole reply
 */
public record HarnessInfo(
    String harnessVersion,
    String name,
    String version,
    List<String> profiles,
    List<String> capabilities,
    @Nullable Identity identity,
    JsonNode raw) {

  /**
   * The identity, for a check that needs it (one of {@code sign/envelope}, {@code rtt}, {@code cip}
   * is listed, so info must carry it).
   *
   * @throws IllegalStateException info has no identity
   */
  public Identity agentIdentity() {
    if (identity == null) {
      throw new IllegalStateException(
          "GET info has no identity (harness 1.1 allows that only"
              + " when none of sign/envelope, rtt and cip is listed)");
    }
    return identity;
  }
}
