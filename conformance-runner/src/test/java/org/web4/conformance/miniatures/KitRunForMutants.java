package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
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
    List<CaseResult> results = DeviantReference.run(Set.of(), tags, 47, true);
    // The first case that failed or errored, on stderr: PIT's verbose log then names, for each
    // killed mutant, the check that noticed it (docs/mutation.md reads them to tell a kill by the
    // reference's behaviour from one by the tester's own use of a shared class).
    results.stream()
        .filter(c -> c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED)
        .findFirst()
        .ifPresent(
            c ->
                System.err.println(
                    "web4.pit.killed-by "
                        + c.id()
                        + " "
                        + c.requirements()
                        + " "
                        + firstLines(c.message())));
    assertThat(FailedRequirements.of(results))
        .as("requirements failed by the reference (tags %s)", tags)
        .isEmpty();
  }

  /** The first lines of a failure, on one line: the step, then what was received instead. */
  private static String firstLines(@Nullable String message) {
    if (message == null) {
      return "";
    }
    return String.join(" | ", message.lines().limit(4).map(String::strip).toList());
  }
}
