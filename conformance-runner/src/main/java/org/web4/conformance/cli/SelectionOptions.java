package org.web4.conformance.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.select.Selection;
import org.web4.conformance.select.UserFeaturePaths;
import org.web4.conformance.spec.RequirementCatalog;
import picocli.CommandLine.Option;

/** The options of {@code run} that select checks across every suite (ADR 0305). */
final class SelectionOptions {
  @Option(
      names = "--requirement",
      paramLabel = "ID",
      split = ",",
      description =
          "run only the checks of these requirements: an ID (ENV-JCS-004) or a prefix ending at a"
              + " dash (ENV-, ENV-JCS); repeatable")
  List<String> requirements = new ArrayList<>();

  @Option(
      names = "--check",
      paramLabel = "ID",
      split = ",",
      description =
          "run only these checks, by the ID reports show: features/rtt/frames.feature:12,"
              + " jcs/jcs_test.json#7, harness/token, properties/canonical-form-agrees; a whole"
              + " file (features/rtt/frames.feature) selects its checks; repeatable")
  List<String> checks = new ArrayList<>();

  @Option(
      names = "--rerun",
      paramLabel = "REPORT",
      description = "run only the cases that failed or errored in an earlier report.json")
  @Nullable Path rerun;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      split = ",",
      description =
          "keep only checks of these kinds: vector, scenario, harness, property, judge (--tags"
              + " EXPR --kind scenario runs the tagged scenarios and nothing else)")
  List<String> kinds = new ArrayList<>();

  @Option(
      names = "--fail-fast",
      description = "skip every check after the first that fails or errors")
  boolean failFast;

  /** The rerun report is a file: checked before any target starts. */
  void preflight() throws InputException {
    if (rerun != null) {
      Preflight.file("--rerun", rerun);
    }
  }

  /**
   * The selection of these options.
   *
   * @param features the run's --features, where --check may name a scenario by its path
   * @param tags the run's --tags
   * @throws org.web4.conformance.select.SelectionException a usage error
   */
  Selection of(RequirementCatalog catalog, @Nullable Path features, @Nullable String tags) {
    return Selection.of(
        catalog,
        requirements,
        UserFeaturePaths.asCaseIds(checks, features),
        rerun,
        kinds,
        failFast,
        tags);
  }
}
