package org.web4.vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.KeyFiles;

/**
 * Regenerates every vector file and the signed manifest, byte for byte.
 *
 * <pre>
 *   ./mvnw -q -pl vectors -am compile exec:java            # writes into vectors/
 *   java ... org.web4.vectors.VectorGenerator DIR [--signing-key PEM]
 * </pre>
 *
 * The build's tests regenerate into memory and fail if any committed file differs.
 */
public final class VectorGenerator {
  /** The version of spec/ these vectors check (spec/VERSION). */
  public static final String SPEC_VERSION = "0.4.0";

  public static final String DEVELOPMENT_KEY = "signing/development-key.pem";

  private VectorGenerator() {}

  /** Every vector file, by path relative to vectors/, as the bytes to write. */
  public static SortedMap<String, byte[]> generate(Path vectorsDir) throws IOException {
    Path sources = vectorsDir.resolve("sources");
    List<VectorFile> files = new ArrayList<>();
    files.add(JcsVectors.build(sources));
    files.addAll(Ed25519Vectors.build(sources));
    files.addAll(EnvelopeVectors.build());
    files.addAll(RttVectors.build());
    files.add(RttIdentityPayloadVectors.build());
    files.addAll(CipVectors.build());
    files.addAll(HcpVectors.build());
    files.addAll(LipVectors.build());
    files.add(MeshRelayVectors.build());
    files.add(MeshRouteVectors.build());
    files.add(MeshTrustVectors.build());
    files.add(MeshKnowledgeVectors.build());
    SortedMap<String, byte[]> out = new TreeMap<>();
    for (VectorFile f : files) {
      out.put(f.path(), PrettyJson.write(f.toJson()));
    }
    return out;
  }

  /**
   * Draft vector files (docs/drafts/): generated and committed like the others but not listed in
   * MANIFEST.json, so that the kit, which reads the manifest, does not see them.
   */
  public static SortedMap<String, byte[]> generateDrafts() {
    SortedMap<String, byte[]> out = new TreeMap<>();
    VectorFile resume = RttResumeVectors.build();
    out.put(resume.path(), PrettyJson.write(resume.toJson()));
    return out;
  }

  /** The generated files plus MANIFEST.json signed with {@code key}. */
  public static SortedMap<String, byte[]> generateSigned(Path vectorsDir, AgentKeyPair key)
      throws IOException {
    SortedMap<String, byte[]> files = generate(vectorsDir);
    SortedMap<String, byte[]> all = new TreeMap<>(files);
    all.put(VectorManifest.FILE_NAME, VectorManifest.create(files, key));
    return all;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 1 && args.length != 3) {
      System.err.println("usage: VectorGenerator VECTORS_DIR [--signing-key PEM]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Path keyFile =
        args.length == 3 && args[1].equals("--signing-key")
            ? Path.of(args[2])
            : dir.resolve(DEVELOPMENT_KEY);
    AgentKeyPair key = KeyFiles.readPrivateKey(keyFile);
    SortedMap<String, byte[]> all = new TreeMap<>(generateSigned(dir, key));
    all.putAll(generateDrafts());
    for (Map.Entry<String, byte[]> e : all.entrySet()) {
      Path target = dir.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, e.getValue());
      System.out.println("wrote " + target);
    }
  }
}
