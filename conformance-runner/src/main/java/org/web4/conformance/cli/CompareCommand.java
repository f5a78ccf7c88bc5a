package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.report.compare.Comparison;
import org.web4.conformance.report.compare.ComparisonWriter;
import org.web4.conformance.report.digest.ReportDigest;
import org.web4.conformance.report.digest.ReportFileException;
import org.web4.conformance.report.digest.ReportFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code web4-conformance compare r1.json r2.json ... --out DIR}: several implementations' reports
 * on one page, implementations × requirements, differences first (issue 16 item 5).
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    description = {
      "Puts the reports of several implementations side by side: one row per requirement, one"
          + " column per implementation, the requirements whose verdicts differ first.",
      "Writes comparison.html (self-contained) and comparison.md into --out. A report is a"
          + " report.json or the folder holding it."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the comparison was written (whatever the verdicts)",
      ExitCodes.USAGE_TEXT,
    })
final class CompareCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "2..*", paramLabel = "REPORT", description = "report.json files or folders")
  List<Path> reports = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "web4-comparison",
      description = "where to write comparison.html and comparison.md (default: ${DEFAULT-VALUE})")
  Path out = Path.of("web4-comparison");

  @Override
  public Integer call() throws InputException {
    Preflight.writableFolder("--out", out);
    Comparison comparison = compare(reports);
    try {
      ComparisonWriter.write(comparison, out);
    } catch (IOException e) {
      throw new InputException("--out " + out + ": " + CommandErrors.describe(e), e);
    }
    PrintWriter err = spec.commandLine().getErr();
    err.println(ConformanceCommand.PROGRAM + ": " + comparison.summaryLine());
    comparison.notes().forEach(n -> err.println("  NOTE " + n));
    err.println(ConformanceCommand.PROGRAM + ": comparison in " + out.toAbsolutePath());
    err.flush();
    return ExitCodes.OK;
  }

  /** The comparison of the reports at {@code paths}; an unreadable one is a one-line error. */
  static Comparison compare(List<Path> paths) throws InputException {
    List<ReportDigest> digests = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (Path p : paths) {
      try {
        digests.add(ReportFiles.read(p));
      } catch (ReportFileException e) {
        throw new InputException(String.valueOf(e.getMessage()), e);
      }
      sources.add(p.toString());
    }
    return Comparison.of(digests, sources);
  }
}
