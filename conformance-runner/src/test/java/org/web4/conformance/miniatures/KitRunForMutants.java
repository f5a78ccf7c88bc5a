package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.conformance.testing.FailedRequirements;

/**
 * For mutation testing only ({@code scripts/pit.sh}; the build does not run it, its name does not
 * end in {@code Test}): the reference, unmodified, passes every vector, property and harness check
 * and every scenario of one group, over real loopback sockets. PIT runs it once per mutant of the
 * group's decision classes: a mutant that makes any check fail is killed by the kit.
 */
class KitRunForMutants {
  /** The system property that names the group (PIT's jvmArgs cannot carry a tag expression). */
  static final String GROUP = "web4.pit.group";

  /** The groups of scripts/pit.sh and the scenarios that exercise their classes. */
  enum Group {
    /** TrustFsm, TrustBook. */
    CIP(DeviationArea.CIP.tags()),
    /** Pacing, Consent. */
    HCP(DeviationArea.HCP.tags()),
    /** Acceptance, SourceRules. */
    LIP(DeviationArea.LIP.tags()),
    /**
     * EnvelopeValidator: the vectors and envelope scenarios through the harness, and the RTT and
     * CIP scenarios, whose every envelope it validates on the wire.
     */
    ENVELOPE("not @hcp and not @lip"),
    /** FrameCodec. */
    FRAMES(DeviationArea.RTT.tags());

    final String tags;

    Group(String tags) {
      this.tags = tags;
    }
  }

  @Test
  void theReferencePassesEveryCheck() throws Exception {
    String name = System.getProperty(GROUP, "").toUpperCase(Locale.ROOT);
    assertThat(name)
        .as("the system property %s", GROUP)
        .isIn(Arrays.stream(Group.values()).map(Group::name).toList());
    String tags = Group.valueOf(name).tags;
    assertThat(FailedRequirements.of(DeviantReference.run(Set.of(), tags, 47, true)))
        .as("requirements failed by the reference (tags %s)", tags)
        .isEmpty();
  }
}
