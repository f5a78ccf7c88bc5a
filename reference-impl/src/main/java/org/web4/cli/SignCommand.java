package org.web4.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description =
        "Sign an envelope: add (or replace) its sign member, computed over the RFC 8785 form of the"
            + " envelope without sign.")
final class SignCommand implements Callable<Integer> {
  @CommandLine.Mixin VerboseOption verbose = new VerboseOption();

  @Parameters(index = "0", description = "Envelope JSON file, or - for standard input.")
  Path input;

  @Option(names = "--key", required = true, description = "PKCS#8 PEM Ed25519 private key.")
  Path keyFile;

  @Override
  public Integer call() throws Exception {
    AgentKeyPair key;
    try {
      key = KeyFiles.readPrivateKey(keyFile);
    } catch (IOException e) {
      // the key file's own problem, named with the flag that gave it
      throw new CommandErrors.InputException("--key " + keyProblem(e), e);
    }
    JsonNode envelope;
    try {
      envelope = StrictJsonParser.withEnvelopeLimits().parse(Inputs.read(input, System.in));
    } catch (JsonViolation e) {
      System.err.println("INVALID_ENVELOPE (" + e.kind() + "): " + e.getMessage());
      return 1;
    }
    if (!envelope.isObject()) {
      System.err.println("INVALID_ENVELOPE: an envelope is a JSON object");
      return 1;
    }
    ObjectNode signed = EnvelopeBuilder.signed((ObjectNode) envelope, key);
    System.out.println(
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(signed));
    return 0;
  }

  /** KeyFiles names the file in its own messages; other I/O errors are described here. */
  private String keyProblem(IOException e) {
    String described = CommandErrors.describe(e);
    return described.startsWith(keyFile.toString()) ? described : keyFile + ": " + described;
  }
}
