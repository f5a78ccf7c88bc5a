package org.web4.cli.mesh;

import java.util.List;

/** One colour per trust state (spec/cip.md §4.4), the same in every picture of the topology. */
final class TrustColours {
  /** The states from weakest to strongest; {@code ?} (not read) counts as the weakest. */
  static final List<String> ORDER =
      List.of(Topology.UNKNOWN, "blacklisted", "untrusted", "probing", "trusted");

  private TrustColours() {}

  static String of(String state) {
    return switch (state) {
      case "trusted" -> "#2e7d32";
      case "probing" -> "#ef8f00";
      case "untrusted" -> "#757575";
      case "blacklisted" -> "#c62828";
      default -> "#9e9e9e";
    };
  }

  /** The weaker of two states (an unlisted state counts as {@code ?}). */
  static String weaker(String x, String y) {
    return ORDER.indexOf(x) <= ORDER.indexOf(y) ? x : y;
  }
}
