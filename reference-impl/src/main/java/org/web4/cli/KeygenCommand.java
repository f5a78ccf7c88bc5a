package org.web4.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Callable;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description =
        "Write a new Ed25519 identity key as PKCS#8 PEM (and its public key) and print its identity.")
final class KeygenCommand implements Callable<Integer> {
  @CommandLine.Mixin VerboseOption verbose = new VerboseOption();

  @Parameters(
      index = "0",
      description = "Private key file to write (the public key goes to FILE.pub).")
  Path out;

  @Option(names = "--force", description = "Overwrite an existing file.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (Files.exists(out) && !force) {
      throw new CommandErrors.InputException(out + " exists; use --force to overwrite");
    }
    AgentKeyPair key = AgentKeyPair.generate(new SecureRandom());
    KeyFiles.writePrivateKey(key, out);
    KeyFiles.writePublicKey(key.publicKey(), Path.of(out + ".pub"));
    System.out.println("pubkey " + key.publicKey().base64());
    System.out.println("fingerprint " + key.publicKey().fingerprint());
    return 0;
  }
}
