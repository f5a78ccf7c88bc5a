package org.web4.conformance.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code web4-conformance}: runs the conformance checks against an implementation and writes the
 * reports. Exit codes: 0 everything passed, 1 a check failed or errored, 2 usage, vector or target
 * error.
 */
@Command(
    name = "web4-conformance",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Web4 Conformance Kit runner: vectors (and later scenarios) against an implementation.",
    subcommands = {RunCommand.class, VectorsCommand.class, ListCommand.class},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.USAGE)
public final class ConformanceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static CommandLine commandLine() {
    return new CommandLine(new ConformanceCommand());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
