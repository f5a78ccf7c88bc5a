package org.web4.conformance.miniatures;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.conformance.testing.FailedRequirements;

/**
 * For mutation testing only ({@code scripts/pit.sh}; the build does not run it, its name does not
 * end in {@code Test}): the reference, unmodified, passes every vector, property and harness check
 * and every scenario of the tag expression in the system property {@code web4.pit.tags}, over real
 * loopback sockets. PIT runs it once per mutant of a decision class of the reference: a mutant that
 * makes any check fail is killed by the kit.
 */
class KitRunForMutants {
  /** The system property that selects the scenarios. */
  static final String TAGS = "web4.pit.tags";

  @Test
  void theReferencePassesEveryCheck() throws Exception {
    String tags = System.getProperty(TAGS, "");
    assertThat(tags).as("the system property %s (a Cucumber tag expression)", TAGS).isNotBlank();
    assertThat(FailedRequirements.of(DeviantReference.run(Set.of(), tags, 47)))
        .as("requirements failed by the reference (tags %s)", tags)
        .isEmpty();
  }
}
