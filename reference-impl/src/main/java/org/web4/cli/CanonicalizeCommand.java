package org.web4.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "canonicalize",
    mixinStandardHelpOptions = true,
    description =
        "Print the RFC 8785 canonical form of an I-JSON document (exit 1 if it is not I-JSON).")
final class CanonicalizeCommand implements Callable<Integer> {
  @CommandLine.Mixin VerboseOption verbose = new VerboseOption();

  @Parameters(index = "0", description = "JSON file, or - for standard input.")
  Path input;

  @Override
  public Integer call() throws Exception {
    try {
      System.out.write(JsonCanonicalizer.canonicalize(Inputs.read(input, System.in)));
      System.out.flush();
      return 0;
    } catch (JsonViolation e) {
      System.err.println("INVALID_ENVELOPE (" + e.kind() + "): " + e.getMessage());
      return 1;
    }
  }
}
