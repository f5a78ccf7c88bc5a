package org.web4.conformance.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;
import org.web4.vectors.PrettyJson;
import org.web4.vectors.VectorGenerator;
import org.web4.vectors.VectorManifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code web4-conformance vectors sign [DIR] [--key PEM]}: rewrites MANIFEST.json over the files it
 * lists, as they are now, signed with the key (docs/vectors.md, "Keys"): after {@code vectors
 * add-from-failure}. The runner accepts the result only when the key is a trusted vector-signing
 * key (the development key by default).
 */
@Command(
    name = "sign",
    mixinStandardHelpOptions = true,
    description = {
      "Re-signs DIR/MANIFEST.json over the vector files it lists, with their current SHA-256.",
      "The runner trusts only the kit's vector-signing keys (default: the development key)."
    })
final class SignVectorsCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "DIR",
      description = "the vectors folder (default: vectors)")
  Path dir = Path.of("vectors");

  @Option(
      names = "--key",
      paramLabel = "PEM",
      description =
          "Ed25519 private key (PKCS#8 PEM); default: DIR/" + VectorGenerator.DEVELOPMENT_KEY)
  @Nullable Path key;

  @Override
  public Integer call() throws InputException, IOException {
    Path manifestFile = dir.resolve(VectorManifest.FILE_NAME);
    Preflight.file("DIR", manifestFile);
    Path keyFile = key != null ? key : dir.resolve(VectorGenerator.DEVELOPMENT_KEY);
    Preflight.file("--key", keyFile);
    JsonNode manifest = PrettyJson.mapper().readTree(Files.readAllBytes(manifestFile));
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (JsonNode entry : manifest.path("files")) {
      String path = entry.path("path").asText();
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
        throw new InputException(manifestFile + ": lists " + path + ", which is not in " + dir);
      }
      files.put(path, Files.readAllBytes(file));
    }
    AgentKeyPair signer;
    try {
      signer = KeyFiles.readPrivateKey(keyFile);
    } catch (IOException e) {
      throw new InputException("--key " + CommandErrors.describe(e), e);
    }
    try {
      Files.write(manifestFile, VectorManifest.create(files, signer));
    } finally {
      signer.destroy();
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        "signed "
            + manifestFile
            + ": "
            + files.size()
            + " files, key "
            + signer.publicKey().fingerprint()
            + (VectorManifest.TRUSTED_PUBKEYS.contains(signer.publicKey().base64())
                ? ""
                : " (not a trusted vector-signing key: the runner will refuse these vectors)"));
    out.flush();
    return ExitCodes.OK;
  }
}
