package org.web4.conformance.dryrun;

import io.cucumber.core.cli.Main;
import io.cucumber.plugin.event.Status;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.web4.conformance.scenarios.ScenarioSuiteFactory;
import org.web4.conformance.select.Closest;

/**
 * The steps of feature files that match no step definition of the library (or more than one), found
 * by a Cucumber dry run with the runner's own glue and object factory, each with the closest
 * registered step patterns ("did you mean"): a step's numbers and quoted strings and a pattern's
 * {@code {parameters}} are compared as one placeholder, so {@code the tester send 3 frames} is near
 * {@code the tester sends {int} frames}.
 */
final class UndefinedSteps {
  private static final int SUGGESTIONS = 3;
  private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w{])-?\\d+(\\.\\d+)?(?![\\w}])");
  private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");

  private UndefinedSteps() {}

  /**
   * @param files the feature files to dry-run (each parses), with the name to show for each
   */
  static synchronized List<FeatureProblem> find(Map<Path, String> files) {
    if (files.isEmpty()) {
      return List.of();
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--dry-run",
                "--glue",
                ScenarioSuiteFactory.GLUE,
                "--object-factory",
                ScenarioSuiteFactory.OBJECT_FACTORY,
                "--plugin",
                DryRunCollector.class.getName(),
                "--monochrome"));
    files.keySet().forEach(f -> args.add(f.toAbsolutePath().toString()));
    DryRunCollector.clear();
    PrintStream stdout = System.out;
    // Cucumber prints its summary and snippets to stdout; the problems say it better
    System.setOut(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    try {
      Main.run(args.toArray(String[]::new), UndefinedSteps.class.getClassLoader());
    } finally {
      System.setOut(stdout);
    }
    List<String> patterns = DryRunCollector.patterns();
    List<FeatureProblem> problems = new ArrayList<>();
    for (DryRunCollector.Unmatched step : DryRunCollector.unmatched()) {
      String shownAs = shownAs(files, step.uri());
      String quoted = "\"" + step.keyword() + step.text() + "\"";
      if (step.status() == Status.AMBIGUOUS) {
        problems.add(
            new FeatureProblem(
                shownAs,
                step.line(),
                0,
                "ambiguous step " + quoted + ": more than one definition"));
      } else {
        problems.add(
            new FeatureProblem(
                shownAs,
                step.line(),
                0,
                "undefined step " + quoted + didYouMean(step.text(), patterns)));
      }
    }
    return problems;
  }

  /** {@code ; did you mean "a" or "b"?} over the registered patterns, or empty. */
  static String didYouMean(String text, List<String> patterns) {
    Map<String, String> byShape = new java.util.LinkedHashMap<>();
    for (String p : patterns) {
      byShape.putIfAbsent(shape(p), p);
    }
    List<String> closest =
        Closest.to(shape(text), byShape.keySet(), SUGGESTIONS).stream()
            .map(s -> "\"" + byShape.get(s) + "\"")
            .toList();
    return Closest.didYouMean(closest);
  }

  /** A step text or pattern with every value or parameter as {@code {}}. */
  static String shape(String textOrPattern) {
    String s = PARAMETER.matcher(textOrPattern).replaceAll("{}");
    s = QUOTED.matcher(s).replaceAll("{}");
    return NUMBER.matcher(s).replaceAll("{}");
  }

  private static String shownAs(Map<Path, String> files, String uri) {
    Path path = Path.of(URI.create(uri));
    for (Map.Entry<Path, String> f : files.entrySet()) {
      if (f.getKey().toAbsolutePath().normalize().equals(path.normalize())) {
        return f.getValue();
      }
    }
    return uri;
  }
}
