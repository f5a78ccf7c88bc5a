package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.web4.crypto.KeyFiles;

/**
 * The committed vector files are exactly what the generator writes: regeneration gives identical
 * bytes.
 */
class VectorRegenerationTest {

  @Test
  void regenerationGivesIdenticalBytes() throws IOException {
    Path dir = KitFiles.vectors();
    SortedMap<String, byte[]> generated =
        VectorGenerator.generateSigned(
            dir, KeyFiles.readPrivateKey(dir.resolve(VectorGenerator.DEVELOPMENT_KEY)));
    generated = new java.util.TreeMap<>(generated);
    generated.putAll(VectorGenerator.generateDrafts()); // committed too, not in the manifest
    for (Map.Entry<String, byte[]> e : generated.entrySet()) {
      Path committed = dir.resolve(e.getKey());
      assertThat(committed).as("%s is generated but not committed", e.getKey()).exists();
      assertThat(new String(Files.readAllBytes(committed), StandardCharsets.UTF_8))
          .as(
              "%s differs from what the generator writes; run the generator (see docs/vectors.md)",
              e.getKey())
          .isEqualTo(new String(e.getValue(), StandardCharsets.UTF_8));
    }
    assertThat(committedVectorFiles(dir))
        .as("every committed vector file is generated")
        .containsExactlyInAnyOrderElementsOf(generated.keySet());
  }

  private static List<String> committedVectorFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files
          .filter(p -> p.toString().endsWith(".json"))
          .map(p -> dir.relativize(p).toString().replace('\\', '/'))
          .filter(p -> !p.startsWith("sources/") && !p.startsWith("target/"))
          .collect(Collectors.toList());
    }
  }
}
