package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.web4.conformance.dryrun.FeatureProblem;
import org.web4.conformance.dryrun.FeatureValidator;
import org.web4.conformance.spec.RequirementCatalog;

/** Prints the problems of the user's {@code --features}, one line each, then how many. */
final class FeatureReport {
  private FeatureReport() {}

  /** True if the features have no problem; otherwise prints them all on {@code err}. */
  static boolean valid(RequirementCatalog catalog, Path features, PrintWriter err)
      throws IOException {
    List<FeatureProblem> problems = new FeatureValidator(catalog).validate(features);
    if (problems.isEmpty()) {
      return true;
    }
    problems.forEach(err::println);
    err.println(
        ConformanceCommand.PROGRAM
            + ": "
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + " in --features "
            + features
            + "; nothing was run");
    err.flush();
    return false;
  }
}
