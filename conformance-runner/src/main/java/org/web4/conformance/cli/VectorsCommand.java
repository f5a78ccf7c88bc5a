package org.web4.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors;
import org.web4.conformance.vectors.VectorSet;
import org.web4.vectors.VectorManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code web4-conformance vectors verify [DIR]}: checks the manifest signature and file hashes;
 * {@code vectors add-from-failure REPORT CASE}: a failed case's exchange becomes a regression
 * vector; {@code vectors sign [DIR]}: re-signs the manifest after such a change (ADR 0310).
 */
@Command(
    name = "vectors",
    mixinStandardHelpOptions = true,
    description = "Vector file tools.",
    subcommands = {
      VectorsCommand.Verify.class,
      AddFromFailureCommand.class,
      SignVectorsCommand.class
    })
final class VectorsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing subcommand: verify, add-from-failure or sign");
  }

  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = {
        "Verifies MANIFEST.json (its signature under a trusted vector-signing key) and the SHA-256"
            + " of every vector file it lists.",
        "Prints OK, or the refusal naming the file. Exit code 0 or 2."
      })
  static final class Verify implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(
        arity = "0..1",
        paramLabel = "DIR",
        description = "vectors folder (default: the vectors bundled with the runner)")
    @Nullable Path dir;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      try {
        VectorSet set = dir == null ? VectorSet.fromClasspath() : VectorSet.fromDirectory(dir);
        out.println(
            "OK "
                + set.files().size()
                + " files, manifest SHA-256 "
                + set.manifestSha256()
                + " ("
                + set.source()
                + ")");
        out.flush();
        return ExitCodes.OK;
      } catch (VectorManifest.TamperedException e) {
        err.println("REFUSED " + e.getMessage());
      } catch (IOException e) {
        err.println("REFUSED cannot read the vectors: " + CommandErrors.describe(e));
      }
      err.flush();
      return ExitCodes.USAGE;
    }
  }
}
