package org.web4.conformance.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the catalog finds the cases of a feature file: one per scenario, one per example row. */
class FeatureCatalogTest {

  private static List<FeatureScenario> parse(String... lines) {
    return FeatureCatalog.parse("bundled", "classpath:f.feature", "f.feature", List.of(lines));
  }

  @Test
  void aStepTableInsideAnOutlineIsNotAnExample() {
    // Found by the Python implementation's engineers (FINDINGS-lip.md K-LIP-02): the rows of a
    // step's data table were taken for examples, giving untagged phantom cases.
    List<FeatureScenario> cases =
        parse(
            "@lip",
            "Feature: f",
            "  @LIP-SRC-001",
            "  Scenario Outline: tiers <tier>",
            "    Given the sources",
            "      | prefix | tier   |",
            "      | /a/    | <tier> |",
            "    Then it works",
            "    Examples:",
            "      | tier |",
            "      | low  |",
            "      | high |");
    assertThat(cases).extracting(FeatureScenario::line).containsExactly(11, 12);
    assertThat(cases).allSatisfy(c -> assertThat(c.tags()).containsExactly("lip", "LIP-SRC-001"));
  }

  @Test
  void examplesAfterAStepTableAndAScenarioWithATableStillCount() {
    List<FeatureScenario> cases =
        parse(
            "Feature: f",
            "  @A-B-001",
            "  Scenario: plain",
            "    Given a table",
            "      | x |",
            "      | y |",
            "  @A-B-002",
            "  Scenario Outline: o <v>",
            "    Given <v>",
            "    @A-B-003",
            "    Examples: first",
            "      | v |",
            "      | 1 |",
            "    Examples: second",
            "      | v |",
            "      | 2 |");
    assertThat(cases).extracting(FeatureScenario::line).containsExactly(3, 13, 16);
    assertThat(cases.get(1).tags()).containsExactly("A-B-002", "A-B-003");
    assertThat(cases.get(2).tags()).containsExactly("A-B-002");
  }
}
