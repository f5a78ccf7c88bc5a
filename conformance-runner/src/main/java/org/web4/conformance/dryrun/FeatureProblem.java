package org.web4.conformance.dryrun;

/**
 * One thing wrong with a user's feature file, found without running it.
 *
 * @param file the feature file as the user named it (under --features)
 * @param line 1-based
 * @param column 1-based, or 0 when the parser gives none
 * @param message what is wrong, with the closest known alternatives where there are any
 */
public record FeatureProblem(String file, int line, int column, String message) {
  /** {@code file:line[:column]: message}, the form editors and CI annotations jump to. */
  @Override
  public String toString() {
    return file + ":" + line + (column > 0 ? ":" + column : "") + ": " + message;
  }
}
