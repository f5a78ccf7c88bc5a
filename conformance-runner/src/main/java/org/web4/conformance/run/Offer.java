package org.web4.conformance.run;

import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.harness.HarnessInfo;

/**
 * What the implementation under test offers a run: a harness and the capabilities its {@code info}
 * lists (harness 1.0 names expanded, {@link Capability#listed}), and an RTT address.
 *
 * @param harness whether the target has a harness
 * @param capabilities what {@code info.capabilities} lists; empty without a harness
 * @param rtt whether the target names an RTT address
 */
public record Offer(boolean harness, Set<Capability> capabilities, boolean rtt) {
  public Offer {
    capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
  }

  /** The offer of a target whose {@code GET /info} answered {@code info} (null: no harness). */
  public static Offer of(@Nullable HarnessInfo info, boolean rtt) {
    return info == null
        ? new Offer(false, Set.of(), rtt)
        : new Offer(true, Capability.listed(info.capabilities()), rtt);
  }

  /** A harness listing every capability and an RTT address: the reference's offer. */
  public static Offer everything() {
    return new Offer(true, EnumSet.allOf(Capability.class), true);
  }
}
