package org.web4.mesh;

import java.util.Set;

/**
 * spec/mesh.md Table 4.3b as data: which inner envelopes a MESH_RELAY may carry, for a unicast and
 * for a broadcast destination (step R4; harness {@code mesh/send}).
 */
public final class RelayContent {
  /** CIP types a relay may carry to one destination only. */
  private static final Set<String> CIP_UNICAST_ONLY =
      Set.of("INTENT", "INTENT_RESPONSE", "FACT_CHALLENGE", "FACT_CONFIRM", "FACT_REJECT");

  /** CIP types a relay may carry to one destination or to every agent. */
  private static final Set<String> CIP_ANY = Set.of("FACT_PROPOSE", "DECISION_SHARE");

  private RelayContent() {}

  /**
   * Whether an inner envelope of this protocol (discriminator member) and type may travel in a
   * MESH_RELAY to one destination ({@code broadcast} false) or to every agent.
   */
  public static boolean allows(String protocol, String type, boolean broadcast) {
    return switch (protocol) {
      case "cip" -> CIP_ANY.contains(type) || (!broadcast && CIP_UNICAST_ONLY.contains(type));
      case "mesh" -> !broadcast && type.equals("MESH_UNDELIVERABLE");
      default -> false; // every HCP and LIP type
    };
  }
}
