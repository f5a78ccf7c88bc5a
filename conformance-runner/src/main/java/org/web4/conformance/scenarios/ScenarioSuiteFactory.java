package org.web4.conformance.scenarios;

import io.cucumber.tagexpressions.Expression;
import io.cucumber.tagexpressions.TagExpressionParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.run.SuiteFactory;

/**
 * Contributes the Gherkin scenarios: one suite per feature file, one check per scenario (per
 * Examples row for outlines). A scenario's requirement IDs are its tags that look like IDs.
 */
public final class ScenarioSuiteFactory implements SuiteFactory {
  /** The step library's glue package, for every Cucumber run of the runner's (runs, dry runs). */
  public static final String GLUE = ScenarioSuiteFactory.class.getPackageName();

  /** One {@link World} per scenario, injected into the step classes by constructor. */
  public static final String OBJECT_FACTORY = "io.cucumber.picocontainer.PicoFactory";

  private static final Pattern REQUIREMENT = Pattern.compile("[A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3}");

  @Override
  public List<Suite> suites(SuiteEnvironment environment) {
    List<FeatureScenario> scenarios;
    try {
      scenarios = new ArrayList<>(FeatureCatalog.packaged());
      Path dir = environment.featuresDir();
      if (dir != null) {
        scenarios.addAll(FeatureCatalog.folder(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String tags = environment.tags();
    Expression selection = tags == null ? null : TagExpressionParser.parse(tags);
    Map<String, List<Check>> byFile = new LinkedHashMap<>();
    Map<String, Boolean> wireOnly = new LinkedHashMap<>();
    for (FeatureScenario s : scenarios) {
      if (selection != null && !selection.evaluate(s.tags().stream().map(t -> "@" + t).toList())) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      for (String tag : s.tags()) {
        if (REQUIREMENT.matcher(tag).matches()) {
          ids.add(tag);
        }
      }
      byFile
          .computeIfAbsent(s.file(), k -> new ArrayList<>())
          .add(
              s.tags().contains(SLOW_TAG) && !environment.slow()
                  ? new ScenarioCheck.Slow(s, List.copyOf(ids))
                  : new ScenarioCheck(s, List.copyOf(ids)));
      wireOnly.merge(s.file(), s.tags().contains(WIRE_ONLY_TAG), Boolean::logicalAnd);
    }
    List<Suite> suites = new ArrayList<>();
    byFile.forEach(
        (name, checks) ->
            suites.add(
                new FeatureSuite(
                    name,
                    List.copyOf(checks),
                    wireOnly.getOrDefault(name, false) ? Profile.CORE : Profile.FULL)));
    return suites;
  }

  /**
   * A scenario tagged {@code @core} talks to the implementation over the wire only (no harness); a
   * feature file whose scenarios all are is in the core profile, any other in the full profile.
   */
  static final String WIRE_ONLY_TAG = "core";

  /**
   * A scenario tagged {@code @slow} takes a minute or more (RTT-LIM-010's 4,096 connections): it
   * runs only with --slow, and is reported skipped otherwise (spec/README.md §7).
   */
  static final String SLOW_TAG = "slow";

  /** The scenarios of one feature file. */
  private record FeatureSuite(String name, List<Check> checks, Profile profile) implements Suite {}
}
