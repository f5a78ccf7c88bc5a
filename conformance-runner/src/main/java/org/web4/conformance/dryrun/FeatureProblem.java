package org.web4.conformance.dryrun;

/**
 * One thing wrong with a user's feature file, found without running it.
 *
 * @param file the feature file as the user named it (under --features)
 * @param line 1-based
 * @param column 1-based, or 0 when the parser gives none
 * @param message what is wrong, with the closest known alternatives where there are any
 * @param warning whether the file still runs as the user meant (a tag of the user's own, such as
 *     {@code @wip}: it selects scenarios with {@code --tags} and names no requirement); an error
 *     otherwise (nothing is run)
 */
public record FeatureProblem(String file, int line, int column, String message, boolean warning) {
  /** An error: the feature files are not run. */
  public FeatureProblem(String file, int line, int column, String message) {
    this(file, line, column, message, false);
  }

  /**
   * {@code file:line[:column]: [warning: ]message}, the form compilers print and editors and CI
   * annotations jump to.
   */
  @Override
  public String toString() {
    return file
        + ":"
        + line
        + (column > 0 ? ":" + column : "")
        + ": "
        + (warning ? "warning: " : "")
        + message;
  }
}
