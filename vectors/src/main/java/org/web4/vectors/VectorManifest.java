package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * {@code vectors/MANIFEST.json}: every vector file with its SHA-256, signed with Ed25519 over the
 * RFC 8785 form of the manifest without its {@code signature} member. Consumers refuse vectors
 * whose manifest signature or hashes do not verify, naming the file (docs/vectors.md).
 */
public final class VectorManifest {
  public static final String FILE_NAME = "MANIFEST.json";

  /**
   * The kit's development vector-signing key (its private key is
   * vectors/signing/development-key.pem, in the repository so that anyone can regenerate and
   * re-sign). Release manifests are signed with a key kept outside the repository and listed here
   * too; see docs/vectors.md.
   */
  public static final String DEVELOPMENT_PUBKEY = "mbsVGgOZ1mV6seUK8eI3H7sbu+PqrfNdpNO/LWz1ujE=";

  public static final List<String> TRUSTED_PUBKEYS = List.of(DEVELOPMENT_PUBKEY);

  /** A manifest or vector file failed verification; the message names the file. */
  public static final class TamperedException extends Exception {
    private static final long serialVersionUID = 1L;

    public TamperedException(String message) {
      super(message);
    }
  }

  /** Reads a vector file by its path relative to vectors/; empty if it does not exist. */
  @FunctionalInterface
  public interface FileSource {
    Optional<byte[]> read(String path) throws java.io.IOException;
  }

  private VectorManifest() {}

  public static byte[] create(SortedMap<String, byte[]> files, AgentKeyPair key) {
    ObjectNode manifest = unsigned(files);
    byte[] signature = key.sign(JsonCanonicalizer.canonicalize(manifest));
    ObjectNode sig = manifest.putObject("signature");
    sig.put("algo", "ed25519");
    sig.put("pubkey", key.publicKey().base64());
    sig.put("fingerprint", key.publicKey().fingerprint());
    sig.put("value", Base64.getEncoder().encodeToString(signature));
    return PrettyJson.write(manifest);
  }

  static ObjectNode unsigned(SortedMap<String, byte[]> files) {
    ObjectNode manifest = JsonNodeFactory.instance.objectNode();
    manifest.put("manifestVersion", 1);
    manifest.put("specVersion", VectorGenerator.SPEC_VERSION);
    manifest.put("generatorVersion", VectorFile.GENERATOR_VERSION);
    ArrayNode list = manifest.putArray("files");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      JsonNode file;
      try {
        file = PrettyJson.mapper().readTree(f.getValue());
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(f.getKey() + " is not JSON", e);
      }
      ObjectNode entry = list.addObject();
      entry.put("path", f.getKey());
      entry.put("sha256", sha256Hex(f.getValue()));
      entry.put("schema", file.path("schema").asText());
      entry.put("numberOfTests", file.path("numberOfTests").asInt());
    }
    return manifest;
  }

  /**
   * Verifies the manifest's signature against the trusted keys, then every listed file's hash.
   *
   * @return the verified manifest
   */
  public static JsonNode verify(byte[] manifestBytes, FileSource files, List<String> trustedPubkeys)
      throws TamperedException, java.io.IOException {
    JsonNode manifest;
    try {
      manifest = StrictJsonParser.withDepthLimitOnly().parse(manifestBytes);
    } catch (JsonViolation e) {
      throw new TamperedException(FILE_NAME + ": not valid I-JSON: " + e.getMessage());
    }
    JsonNode sig = manifest.path("signature");
    String pubkey = sig.path("pubkey").asText("");
    if (!trustedPubkeys.contains(pubkey)) {
      throw new TamperedException(
          FILE_NAME + ": signed by key " + pubkey + ", which is not a trusted vector-signing key");
    }
    byte[] value;
    try {
      value = Base64.getDecoder().decode(sig.path("value").asText(""));
    } catch (IllegalArgumentException e) {
      throw new TamperedException(FILE_NAME + ": signature value is not base64");
    }
    byte[] input = JsonCanonicalizer.canonicalizeWithout(manifest, "signature");
    if (!Ed25519Verifier.isValid(AgentPublicKey.fromBase64(pubkey).raw(), input, value)) {
      throw new TamperedException(
          FILE_NAME + ": signature does not verify; the manifest was altered");
    }
    for (JsonNode entry : manifest.path("files")) {
      String path = entry.path("path").asText();
      Optional<byte[]> bytes = files.read(path);
      if (bytes.isEmpty()) {
        throw new TamperedException(path + ": listed in " + FILE_NAME + " but missing");
      }
      String actual = sha256Hex(bytes.get());
      if (!actual.equals(entry.path("sha256").asText())) {
        throw new TamperedException(
            path
                + ": SHA-256 is "
                + actual
                + " but "
                + FILE_NAME
                + " says "
                + entry.path("sha256").asText()
                + "; the file was altered");
      }
    }
    return manifest;
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
