package org.web4.envelope;

import java.util.List;
import java.util.Optional;

/**
 * The four envelope protocols and their discriminator member (spec/cip.md, spec/hcp.md,
 * spec/lip.md, spec/mesh.md). The message types each defines are rows of the registry {@link
 * MessageTypes}; a type outside {@link #types()} is UNSUPPORTED_TYPE [ENV-TYPE-001].
 */
public enum Protocol {
  CIP("cip"),
  HCP("hcp"),
  LIP("lip"),
  /** spec/mesh.md (since spec 0.5.0). */
  MESH("mesh");

  /** The one protocol version this spec defines. */
  public static final String VERSION = "1.0";

  private final String member;

  Protocol(String member) {
    this.member = member;
  }

  /** The discriminator member, e.g. {@code "cip"}, whose value is the protocol version. */
  public String member() {
    return member;
  }

  /**
   * The message types in the order of the protocol's Table 3, from the registry ({@link
   * MessageTypes}); each has its requirement ID in its row, not from its position.
   */
  public List<String> types() {
    return MessageTypes.get().typeNames(this);
  }

  /** Whether the registry has a row for this type [ENV-TYPE-001]. */
  public boolean defines(String type) {
    return MessageTypes.get().find(this, type).isPresent();
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
