package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.report.compare.ComparisonWriter;

/**
 * {@code run --target A --target B ...}: one run per target, in turn, each into its own folder of
 * the report folder (named after the target file: {@code targets/python.json} reports into {@code
 * web4-reports/python/}), then the comparison of their reports beside them (issue 16 item 5). The
 * runs are in turn, not at once: the kit's timing assumptions hold for one implementation at a
 * time, and two targets may claim the same ports.
 */
final class SeveralTargets {
  /** One run of the kit against one target into one report folder; returns its exit code. */
  @FunctionalInterface
  interface OneRun {
    int run(Path target, Path reportDir) throws InputException;
  }

  private SeveralTargets() {}

  /**
   * Runs every target and compares the reports written. Exit code: 2 if any run had a usage or
   * target error, else 1 if any run failed, else 0; an interrupted run stops the others.
   */
  static int run(List<Path> targets, Path reportRoot, PrintWriter err, OneRun oneRun)
      throws InputException {
    Map<Path, Path> folders = folders(targets, reportRoot);
    for (Path target : targets) {
      Preflight.target(target); // every descriptor is checked before the first run starts
    }
    int worst = ExitCodes.OK;
    List<Path> written = new ArrayList<>();
    int index = 0;
    for (Map.Entry<Path, Path> e : folders.entrySet()) {
      index++;
      err.printf(
          Locale.ROOT,
          "%s: target %d of %d: %s, reports into %s%n",
          ConformanceCommand.PROGRAM,
          index,
          folders.size(),
          e.getKey(),
          e.getValue());
      err.flush();
      int exit = oneRun.run(e.getKey(), e.getValue());
      if (exit == ExitCodes.INTERRUPTED) {
        return exit;
      }
      if (Files.isRegularFile(e.getValue().resolve(ReportWriter.JSON_FILE))
          && exit != ExitCodes.USAGE) {
        written.add(e.getValue());
      }
      worst = worse(worst, exit);
    }
    if (written.size() >= 2) {
      compare(written, reportRoot, err);
    } else {
      err.println(
          ConformanceCommand.PROGRAM + ": no comparison: fewer than two targets wrote a report");
    }
    err.flush();
    return worst;
  }

  private static void compare(List<Path> reports, Path reportRoot, PrintWriter err)
      throws InputException {
    var comparison = CompareCommand.compare(reports);
    try {
      ComparisonWriter.write(comparison, reportRoot);
    } catch (IOException e) {
      throw new InputException("--report-dir " + reportRoot + ": " + CommandErrors.describe(e), e);
    }
    err.println(ConformanceCommand.PROGRAM + ": " + comparison.summaryLine());
    err.println(
        ConformanceCommand.PROGRAM
            + ": comparison in "
            + reportRoot.resolve(ComparisonWriter.HTML_FILE).toAbsolutePath());
  }

  /**
   * Each target's report folder: the file's name without {@code .json}. Two targets whose files
   * have one name would write into one folder: a usage error naming both.
   */
  private static Map<Path, Path> folders(List<Path> targets, Path reportRoot)
      throws InputException {
    Map<String, Path> byName = new LinkedHashMap<>();
    Map<Path, Path> folders = new LinkedHashMap<>();
    for (Path target : targets) {
      Path fileName = target.getFileName();
      String name = fileName == null ? "target" : fileName.toString();
      name =
          name.toLowerCase(Locale.ROOT).endsWith(".json")
              ? name.substring(0, name.length() - 5)
              : name;
      Path previous = byName.putIfAbsent(name, target);
      if (previous != null) {
        throw new InputException(
            "--target "
                + previous
                + " and --target "
                + target
                + " would both report into "
                + reportRoot.resolve(name)
                + ": rename one of the files");
      }
      folders.put(target, reportRoot.resolve(name));
    }
    return folders;
  }

  private static int worse(int a, int b) {
    if (a == ExitCodes.USAGE || b == ExitCodes.USAGE) {
      return ExitCodes.USAGE;
    }
    return Math.max(a, b);
  }
}
