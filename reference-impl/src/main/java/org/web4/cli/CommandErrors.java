package org.web4.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * Errors that speak: every usage, input and I/O error of a command line is one plain line on
 * stderr, {@code <program>: <what went wrong, naming the file, URL or flag>}, and exit code 2. The
 * stack trace is printed only when the command line has {@code --verbose}.
 *
 * <p>Install it on the root {@link CommandLine}; the conformance runner's CLI uses it too.
 */
public final class CommandErrors {
  /** Exit code of a usage, input or I/O error. */
  public static final int USAGE = 2;

  /** The option that shows stack traces. */
  public static final String VERBOSE = "--verbose";

  private CommandErrors() {}

  /**
   * A command's input is unusable; the message is the whole line after the program name and names
   * the file or flag (e.g. {@code --key agent.pem: no PEM block labelled PRIVATE KEY}).
   */
  public static final class InputException extends Exception {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
      super(message);
    }

    public InputException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Sets the parameter and execution exception handlers of {@code root} (and its subcommands). */
  public static CommandLine install(CommandLine root, String program) {
    root.setParameterExceptionHandler(
        (e, args) -> {
          PrintWriter err = e.getCommandLine().getErr();
          err.println(
              program + ": " + e.getMessage() + " (see " + helpHint(e.getCommandLine()) + ")");
          err.flush();
          return USAGE;
        });
    root.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          PrintWriter err = commandLine.getErr();
          err.println(program + ": " + describe(e));
          if (verbose(parseResult)) {
            e.printStackTrace(err);
          }
          err.flush();
          return USAGE;
        });
    return root;
  }

  /** One line that says what went wrong, naming the file when the error is about one. */
  public static String describe(Throwable e) {
    if (e instanceof InputException || e instanceof CommandLine.ParameterException) {
      return String.valueOf(e.getMessage());
    }
    if (e instanceof UncheckedIOException u) {
      return describe(java.util.Objects.requireNonNull(u.getCause()));
    }
    if (e instanceof IOException io) {
      return describe(io);
    }
    return "internal error: " + e + " (" + VERBOSE + " shows the stack trace)";
  }

  /** An I/O error as {@code <file>: <reason>}. */
  public static String describe(IOException e) {
    if (e instanceof NoSuchFileException f) {
      return f.getFile() + ": no such file or folder";
    }
    if (e instanceof AccessDeniedException f) {
      return f.getFile() + ": permission denied";
    }
    if (e instanceof NotDirectoryException f) {
      return f.getFile() + ": not a folder";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return f.getFile() + ": a file is in the way";
    }
    if (e instanceof FileSystemException f) {
      return f.getFile()
          + ": "
          + (f.getReason() == null ? e.getClass().getSimpleName() : f.getReason());
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static boolean verbose(CommandLine.ParseResult root) {
    for (CommandLine.ParseResult p = root; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(VERBOSE)) {
        return true;
      }
    }
    return false;
  }

  private static String helpHint(CommandLine commandLine) {
    return commandLine.getCommandSpec().qualifiedName() + " --help";
  }
}
