package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web4.cli.CommandErrors.InputException;
import org.web4.conformance.report.claims.CanonicalReport;
import org.web4.conformance.vectors.regression.FailingCase;
import org.web4.conformance.vectors.regression.RegressionVectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code web4-conformance vectors add-from-failure REPORT CASE [--vectors DIR]}. */
@Command(
    name = "add-from-failure",
    mixinStandardHelpOptions = true,
    description = {
      "Turns the harness exchange of a failed case of a report (a vector operation: canonicalize,"
          + " verify/envelope, verify/raw; for a property, its shrunk counterexample) into a new"
          + " vector in the file of that operation, flagged Regression, with the reference's"
          + " verdict.",
      "The manifest is not re-signed: run 'vectors sign DIR' next (vectors verify refuses the"
          + " changed file until then)."
    })
final class AddFromFailureCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "REPORT", description = "a report.json")
  Path report = Path.of("web4-reports", "report.json");

  @Parameters(index = "1", paramLabel = "CASE", description = "the id of a failed case")
  String caseId = "";

  @Option(
      names = "--vectors",
      paramLabel = "DIR",
      defaultValue = "vectors",
      description = "the vectors folder to add to (default: ${DEFAULT-VALUE})")
  Path vectors = Path.of("vectors");

  @Override
  public Integer call() throws InputException, IOException {
    Preflight.file("REPORT", report);
    Preflight.folder("--vectors", vectors);
    FailingCase failing = FailingCase.of(CanonicalReport.read(report).tree(), caseId);
    RegressionVectors.Added added = RegressionVectors.add(vectors, failing);
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "added "
            + added.checkId()
            + " ("
            + added.test().path("result").asText()
            + (added.test().has("error") ? " " + added.test().path("error").asText() : "")
            + ") from "
            + caseId
            + " ["
            + String.join(" ", failing.requirements())
            + "]");
    out.println("entry: " + added.test());
    out.println("next: " + ConformanceCommand.PROGRAM + " vectors sign " + vectors);
    out.flush();
    return ExitCodes.OK;
  }
}
