package org.web4.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.vectors.VectorManifest;

/**
 * The vector files of one run, read only after {@code MANIFEST.json} has verified: its signature
 * under a trusted vector-signing key ({@link VectorManifest#TRUSTED_PUBKEYS}) and the SHA-256 of
 * every listed file. Files are read from a folder ({@code --vectors DIR}) or from the class path
 * ({@code web4/vectors/...} in the vectors jar).
 */
public final class VectorSet {
  private static final String CLASSPATH_BASE = "web4/vectors/";

  /** A vector file listed in the manifest, parsed. */
  public record VectorFileEntry(String path, String schema, JsonNode content) {}

  private final String source;
  private final String manifestSha256;
  private final JsonNode manifest;
  private final List<VectorFileEntry> files;

  private VectorSet(
      String source, String manifestSha256, JsonNode manifest, List<VectorFileEntry> files) {
    this.source = source;
    this.manifestSha256 = manifestSha256;
    this.manifest = manifest;
    this.files = List.copyOf(files);
  }

  /** The vectors in a folder laid out like {@code vectors/}. */
  public static VectorSet fromDirectory(Path dir)
      throws VectorManifest.TamperedException, IOException {
    Path manifest = dir.resolve(VectorManifest.FILE_NAME);
    if (!Files.isRegularFile(manifest)) {
      throw new VectorManifest.TamperedException(
          VectorManifest.FILE_NAME + ": not found in " + dir.toAbsolutePath());
    }
    return load(
        dir.toAbsolutePath().normalize().toString(),
        Files.readAllBytes(manifest),
        path -> {
          Path file = dir.resolve(path).normalize();
          if (!file.startsWith(dir.normalize()) || !Files.isRegularFile(file)) {
            return Optional.empty();
          }
          return Optional.of(Files.readAllBytes(file));
        });
  }

  /** The vectors bundled in the vectors jar. */
  public static VectorSet fromClasspath() throws VectorManifest.TamperedException, IOException {
    VectorManifest.FileSource files = VectorSet::readResource;
    Optional<byte[]> manifest = files.read(VectorManifest.FILE_NAME);
    if (manifest.isEmpty()) {
      throw new VectorManifest.TamperedException(
          VectorManifest.FILE_NAME + ": not on the class path (" + CLASSPATH_BASE + ")");
    }
    return load("classpath:" + CLASSPATH_BASE, manifest.get(), files);
  }

  private static Optional<byte[]> readResource(String path) throws IOException {
    if (path.contains("..")) {
      return Optional.empty();
    }
    try (InputStream in =
        VectorSet.class.getClassLoader().getResourceAsStream(CLASSPATH_BASE + path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  private static VectorSet load(
      String source, byte[] manifestBytes, VectorManifest.FileSource files)
      throws VectorManifest.TamperedException, IOException {
    JsonNode manifest = VectorManifest.verify(manifestBytes, files, VectorManifest.TRUSTED_PUBKEYS);
    List<VectorFileEntry> entries = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (JsonNode entry : manifest.path("files")) {
      String path = entry.path("path").asText();
      if (seen.put(path, Boolean.TRUE) != null) {
        throw new VectorManifest.TamperedException(path + ": listed twice in the manifest");
      }
      byte[] bytes = files.read(path).orElseThrow(() -> new IOException(path + ": vanished"));
      JsonNode content;
      try {
        content = StrictJsonParser.withDepthLimitOnly().parse(bytes);
      } catch (JsonViolation e) {
        throw new VectorManifest.TamperedException(path + ": not valid I-JSON: " + e.getMessage());
      }
      entries.add(new VectorFileEntry(path, entry.path("schema").asText(), content));
    }
    return new VectorSet(source, sha256Hex(manifestBytes), manifest, entries);
  }

  /** Where the vectors came from: a folder path or {@code classpath:web4/vectors/}. */
  public String source() {
    return source;
  }

  /** SHA-256 (lowercase hex) of the manifest bytes. */
  public String manifestSha256() {
    return manifestSha256;
  }

  public JsonNode manifest() {
    return manifest;
  }

  /** The files in manifest order. */
  public List<VectorFileEntry> files() {
    return files;
  }

  private static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
