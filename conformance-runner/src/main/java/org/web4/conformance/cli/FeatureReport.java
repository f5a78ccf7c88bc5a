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

  /**
   * True if the features have no error (warnings, such as a tag of the user's own, are printed on
   * {@code err} and do not stop the run); otherwise prints every problem on {@code err}.
   */
  static boolean valid(RequirementCatalog catalog, Path features, PrintWriter err)
      throws IOException {
    List<FeatureProblem> problems = new FeatureValidator(catalog).validate(features);
    problems.forEach(err::println);
    err.flush();
    long errors = problems.stream().filter(p -> !p.warning()).count();
    if (errors == 0) {
      return true;
    }
    err.println(
        ConformanceCommand.PROGRAM
            + ": "
            + errors
            + (errors == 1 ? " error" : " errors")
            + " in --features "
            + features
            + "; nothing was run");
    err.flush();
    return false;
  }
}
