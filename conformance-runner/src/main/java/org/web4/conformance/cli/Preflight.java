package org.web4.conformance.cli;

import io.cucumber.tagexpressions.TagExpressionException;
import io.cucumber.tagexpressions.TagExpressionParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.target.TargetException;

/**
 * The checks of a run's options that need no implementation, done before any target starts, so that
 * a typo costs a second and not a whole run. Each failure is an {@link InputException} whose
 * message names the flag and the file.
 */
final class Preflight {
  private Preflight() {}

  /** {@code --features DIR}: an existing folder. */
  static void folder(String flag, Path dir) throws InputException {
    if (!Files.exists(dir)) {
      throw new InputException(flag + " " + dir + ": no such folder");
    }
    if (!Files.isDirectory(dir)) {
      throw new InputException(flag + " " + dir + ": not a folder");
    }
  }

  /** {@code --target FILE}, {@code --expected-failures FILE}, {@code --rerun FILE}: a file. */
  static void file(String flag, Path file) throws InputException {
    if (!Files.isRegularFile(file)) {
      throw new InputException(
          flag + " " + file + (Files.exists(file) ? ": not a file" : ": no such file"));
    }
  }

  /** {@code --tags EXPR}: a Cucumber tag expression. */
  static void tags(String expression) throws InputException {
    try {
      TagExpressionParser.parse(expression);
    } catch (TagExpressionException e) {
      throw new InputException("--tags: " + e.getMessage(), e);
    }
  }

  /** {@code --target FILE}: read and validated against its schema. */
  static TargetDescriptor target(Path file) throws InputException {
    file("--target", file);
    try {
      return TargetDescriptor.read(file);
    } catch (TargetException e) {
      throw new InputException("--target " + e.getMessage(), e);
    }
  }

  /**
   * {@code --report-dir DIR}: created if missing, and a file can be written in it (a probe file,
   * deleted at once) — checked before the run, not found out after it.
   */
  static void writableFolder(String flag, Path dir) throws InputException {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".web4-conformance-", ".probe");
      Files.delete(probe);
    } catch (IOException e) {
      throw new InputException(
          flag + " " + dir + ": cannot write reports there (" + CommandErrors.describe(e) + ")", e);
    }
  }
}
