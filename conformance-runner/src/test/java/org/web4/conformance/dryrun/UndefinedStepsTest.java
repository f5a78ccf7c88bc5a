package org.web4.conformance.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The closest step patterns of an undefined step: values and parameters compare as one placeholder,
 * so a typo in the words decides, not the values.
 */
class UndefinedStepsTest {
  private static final List<String> PATTERNS =
      List.of(
          "{string} is signed by {string}",
          "the implementation verifies {string}",
          "the tester sends {int} frames",
          "the verdict is valid");

  @Test
  void valuesAndParametersHaveOneShape() {
    assertThat(UndefinedSteps.shape("the tester sends 3 frames"))
        .isEqualTo(UndefinedSteps.shape("the tester sends {int} frames"));
    assertThat(UndefinedSteps.shape("\"e\" is signed by 'alice'")).isEqualTo("{} is signed by {}");
  }

  @Test
  void aTypoIsAnsweredWithTheStepMeant() {
    assertThat(UndefinedSteps.didYouMean("the tester send 3 frame", PATTERNS))
        .isEqualTo("; did you mean \"the tester sends {int} frames\"?");
    assertThat(UndefinedSteps.didYouMean("\"e\" is signd by \"alice\"", PATTERNS))
        .isEqualTo("; did you mean \"{string} is signed by {string}\"?");
  }
}
