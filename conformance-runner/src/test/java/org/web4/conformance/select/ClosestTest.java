package org.web4.conformance.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** "Did you mean": Levenshtein distance and the nearest known texts, nearest first. */
class ClosestTest {
  @Test
  void distanceCountsInsertionsDeletionsAndSubstitutions() {
    assertThat(Closest.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(Closest.distance("", "abc")).isEqualTo(3);
    assertThat(Closest.distance("harness/token", "harness/token")).isZero();
  }

  @Test
  void theNearestFirstAndNothingFarOff() {
    List<String> known = List.of("harness/token", "harness/paths", "jcs/jcs_test.json#1");

    assertThat(Closest.to("harness/tokn", known, 3))
        .containsExactly("harness/token", "harness/paths");
    assertThat(Closest.to("something else entirely", known, 3)).isEmpty();
    assertThat(Closest.didYouMean(List.of("a", "b", "c"))).isEqualTo("; did you mean a, b or c?");
    assertThat(Closest.didYouMean(List.of())).isEmpty();
  }
}
