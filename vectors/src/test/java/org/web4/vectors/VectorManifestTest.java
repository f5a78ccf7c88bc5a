package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest signature and hashes protect every vector file; a tampered file is refused by name.
 */
class VectorManifestTest {
  @TempDir Path copy;

  @BeforeEach
  void copyVectors() throws IOException {
    Path source = KitFiles.vectors();
    try (Stream<Path> files = Files.walk(source, 2)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String rel = source.relativize(p).toString();
        if (rel.startsWith("target") || rel.startsWith("src") || rel.startsWith("sources")) {
          continue;
        }
        Path target = copy.resolve(rel);
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void theCommittedVectorsVerify() throws Exception {
    assertThat(verify().get("files")).hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void aTamperedVectorFileIsRefusedByName() throws IOException {
    Path file = copy.resolve("envelope/envelope_test.json");
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(
        file,
        text.replaceFirst("\"result\" : \"invalid\"", "\"result\" : \"valid\""),
        StandardCharsets.UTF_8);
    assertThatThrownBy(this::verify)
        .isInstanceOf(VectorManifest.TamperedException.class)
        .hasMessageContaining("envelope/envelope_test.json")
        .hasMessageContaining("altered");
  }

  @Test
  void aMissingVectorFileIsRefusedByName() throws IOException {
    Files.delete(copy.resolve("jcs/jcs_test.json"));
    assertThatThrownBy(this::verify)
        .hasMessageContaining("jcs/jcs_test.json")
        .hasMessageContaining("missing");
  }

  @Test
  void aTamperedManifestIsRefused() throws IOException {
    Path manifest = copy.resolve(VectorManifest.FILE_NAME);
    String text = Files.readString(manifest, StandardCharsets.UTF_8);
    Files.writeString(
        manifest,
        text.replaceFirst("\"numberOfTests\" : 5", "\"numberOfTests\" : 6"),
        StandardCharsets.UTF_8);
    assertThatThrownBy(this::verify)
        .hasMessageContaining("MANIFEST.json")
        .hasMessageContaining("signature does not verify");
  }

  @Test
  void aManifestSignedByAnUntrustedKeyIsRefused() {
    assertThatThrownBy(
            () ->
                VectorManifest.verify(
                    Files.readAllBytes(copy.resolve(VectorManifest.FILE_NAME)),
                    this::read,
                    List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")))
        .hasMessageContaining("not a trusted vector-signing key");
  }

  private com.fasterxml.jackson.databind.JsonNode verify() throws Exception {
    return VectorManifest.verify(
        Files.readAllBytes(copy.resolve(VectorManifest.FILE_NAME)),
        this::read,
        VectorManifest.TRUSTED_PUBKEYS);
  }

  private Optional<byte[]> read(String path) throws IOException {
    Path p = copy.resolve(path);
    return Files.exists(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
  }
}
