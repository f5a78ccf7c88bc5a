package org.web4.conformance.scenarios;

import java.util.List;

/**
 * One runnable scenario (for a Scenario Outline: one Examples row), found by {@link
 * FeatureCatalog}.
 *
 * @param origin {@code features} for the bundled scenarios, {@code user-features} for --features
 * @param uri where Cucumber finds the feature file ({@code classpath:web4/features/...} or a path)
 * @param path the file's path relative to the features folder, e.g. {@code envelope/limits.feature}
 * @param line the scenario's (or Examples row's) line, which Cucumber selects it by
 * @param title the scenario name, with the Examples row for outlines
 * @param tags every tag that applies (feature, scenario and Examples tags), without {@code @}
 */
public record FeatureScenario(
    String origin, String uri, String path, int line, String title, List<String> tags) {

  /** The stable id of the case in reports: {@code features/<path>:<line>}. */
  public String id() {
    return file() + ":" + line;
  }

  /** The feature file, e.g. {@code features/envelope/limits.feature}. */
  public String file() {
    return origin + "/" + path;
  }
}
