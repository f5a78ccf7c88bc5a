package org.web4.conformance.dryrun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.web4.conformance.scenarios.FeatureCatalog;
import org.web4.conformance.scenarios.FeatureScenario;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Validates a folder of the user's feature files before anything runs ({@code run --dry-run},
 * {@code run --features}, {@code list --features}): every Gherkin syntax error, every step that
 * matches no definition of the step library (with the closest known steps) and every unknown tag,
 * all at once, each with its file and line. Files with a syntax error are not dry-run (Cucumber
 * cannot read them); the others are, together.
 */
public final class FeatureValidator {
  private final RequirementCatalog catalog;

  public FeatureValidator(RequirementCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * The problems of the {@code .feature} files under {@code dir}, by file and line.
   *
   * @throws IOException the folder or a file cannot be read
   */
  public List<FeatureProblem> validate(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".feature")).sorted().toList();
    }
    TagCheck tags = new TagCheck(catalog, bundledTags());
    List<FeatureProblem> problems = new ArrayList<>();
    Map<Path, String> parsed = new LinkedHashMap<>();
    for (Path file : files) {
      String shownAs = file.toString();
      List<FeatureProblem> syntax = GherkinSyntax.errors(file, shownAs);
      problems.addAll(syntax);
      problems.addAll(tags.unknownTags(shownAs, Files.readAllLines(file, StandardCharsets.UTF_8)));
      if (syntax.isEmpty()) {
        parsed.put(file, shownAs);
      }
    }
    problems.addAll(UndefinedSteps.find(parsed));
    problems.sort(
        Comparator.comparing(FeatureProblem::file)
            .thenComparingInt(FeatureProblem::line)
            .thenComparingInt(FeatureProblem::column));
    return problems;
  }

  private static Set<String> bundledTags() throws IOException {
    Set<String> tags = new TreeSet<>();
    for (FeatureScenario s : FeatureCatalog.packaged()) {
      tags.addAll(s.tags());
    }
    return tags;
  }
}
