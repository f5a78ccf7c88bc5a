package org.web4.conformance.cli;

import java.util.function.Consumer;
import org.web4.cli.CommandErrors;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.spec.RequirementCatalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code web4-conformance}: runs the conformance checks against an implementation and writes the
 * reports. Exit codes: 0 everything passed, 1 a check failed or errored or a requirement is
 * untested without a declared reason, 2 usage, vector or target error ({@link ExitCodes}).
 */
@Command(
    name = "web4-conformance",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Web4 Conformance Kit runner: vectors (and later scenarios) against an implementation.",
    subcommands = {
      RunCommand.class,
      VectorsCommand.class,
      ListCommand.class,
      CompareCommand.class,
      VerifyReportCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILED_TEXT, ExitCodes.USAGE_TEXT},
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    exitCodeOnExecutionException = ExitCodes.USAGE)
public final class ConformanceCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = CommandErrors.VERBOSE,
      scope = CommandLine.ScopeType.INHERIT,
      description = "On an error, print its stack trace after the one-line message.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  /**
   * The command line with its error handling: one line per error, exit 2 ({@link CommandErrors}).
   */
  public static CommandLine commandLine() {
    return CommandErrors.install(new CommandLine(new ConformanceCommand()), PROGRAM);
  }

  /** The program name that starts every error line. */
  static final String PROGRAM = "web4-conformance";

  /**
   * The command line with {@code run} and {@code list} reading {@code catalog} instead of the
   * bundled spec (tests of the coverage gate with a spec that has an extra requirement).
   */
  static CommandLine commandLine(RequirementCatalog catalog) {
    return commandLine(catalog, finished -> {});
  }

  /**
   * The command line, handing every run that finished (its reports written) to {@code finished}:
   * the build's one whole-kit run against the reference is a CLI run whose console and reports some
   * tests read and whose verdicts others read (docs/adr/1102).
   */
  public static CommandLine commandLine(Consumer<RunResult> finished) {
    return commandLine(RequirementCatalog.bundled(), finished);
  }

  private static CommandLine commandLine(RequirementCatalog catalog, Consumer<RunResult> finished) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            if (type == RunCommand.class) {
              return type.cast(new RunCommand(() -> catalog, finished));
            }
            if (type == ListCommand.class) {
              return type.cast(new ListCommand(() -> catalog));
            }
            return CommandLine.defaultFactory().create(type);
          }
        };
    return CommandErrors.install(new CommandLine(new ConformanceCommand(), factory), PROGRAM);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
