package org.web4.envelope;

import java.util.List;
import java.util.Optional;

/**
 * The three envelope protocols, their discriminator member and the message types each defines
 * (spec/cip.md, spec/hcp.md, spec/lip.md). A type outside {@link #types()} is UNSUPPORTED_TYPE
 * [ENV-TYPE-001].
 */
public enum Protocol {
  CIP(
      "cip",
      List.of(
          "HELLO",
          "VERIFY",
          "STATE_UPDATE",
          "INTENT",
          "INTENT_RESPONSE",
          "FACT_PROPOSE",
          "FACT_CHALLENGE",
          "FACT_CONFIRM",
          "FACT_REJECT",
          "DECISION_SHARE")),
  HCP(
      "hcp",
      List.of(
          "HCP_HELLO",
          "HCP_INTENT",
          "HCP_CONTEXT",
          "HCP_DECISION",
          "HCP_FEEDBACK",
          "HCP_STATE_UPDATE")),
  LIP("lip", List.of("LIP_FETCH", "LIP_EVIDENCE", "LIP_CONFLICT", "LIP_ACCEPT", "LIP_REJECT")),
  /** spec/mesh.md Table 3 (since spec 0.5.0). */
  MESH("mesh", List.of("MESH_RELAY", "MESH_ROUTES", "MESH_UNDELIVERABLE", "MESH_VOUCH"));

  /** The one protocol version this spec defines. */
  public static final String VERSION = "1.0";

  private final String member;

  @SuppressWarnings("ImmutableEnumChecker") // always a List.of(...), which is immutable
  private final List<String> types;

  Protocol(String member, List<String> types) {
    this.member = member;
    this.types = types;
  }

  /** The discriminator member, e.g. {@code "cip"}, whose value is the protocol version. */
  public String member() {
    return member;
  }

  /** The message types in the spec's order (their requirement numbers follow it). */
  public List<String> types() {
    return types;
  }

  public boolean defines(String type) {
    return types.contains(type);
  }

  public static Optional<Protocol> ofMember(String member) {
    for (Protocol p : values()) {
      if (p.member.equals(member)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
