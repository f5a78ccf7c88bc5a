package org.web4.cli;

import picocli.CommandLine.Option;

/** {@code --verbose} for commands that have no other use for it: stack traces of errors. */
final class VerboseOption {
  @Option(
      names = CommandErrors.VERBOSE,
      description = "On an error, print its stack trace after the one-line message.")
  boolean verbose;
}
