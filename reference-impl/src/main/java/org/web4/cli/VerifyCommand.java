package org.web4.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ValidatedEnvelope;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Validate an envelope as a receiver would (spec/envelope.md, in its validation order). Prints"
            + " VALID or the error code; exit 0 if valid, 1 if not, 2 if the file cannot be read.")
final class VerifyCommand implements Callable<Integer> {
  @CommandLine.Mixin VerboseOption verbose = new VerboseOption();

  @Parameters(index = "0", description = "Envelope JSON file, or - for standard input.")
  Path input;

  @Option(
      names = "--now",
      description = "The receiver's clock (RFC 3339), for checking old envelopes; default: now.")
  Instant now = Instant.now();

  @Override
  public Integer call() throws Exception {
    try {
      ValidatedEnvelope e = EnvelopeValidator.create().validate(Inputs.read(input, System.in), now);
      System.out.println(
          "VALID "
              + e.protocol().member()
              + " "
              + e.type()
              + " "
              + e.msgId()
              + " from "
              + e.sender().fingerprint());
      return 0;
    } catch (EnvelopeException e) {
      System.out.println(e.code() + ": " + e.getMessage());
      return 1;
    }
  }
}
