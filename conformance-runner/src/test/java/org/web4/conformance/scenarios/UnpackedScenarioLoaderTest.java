package org.web4.conformance.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The glue package and the features are served from an unpacked copy when the runner is a jar
 * (docs/adr/1109), with the jar's bytes; anything else is the parent's.
 */
class UnpackedScenarioLoaderTest {

  @TempDir Path tmp;

  private Path jar(String... namesAndContents) throws IOException {
    Path jar = tmp.resolve("runner.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out)) {
      for (int i = 0; i < namesAndContents.length; i += 2) {
        j.putNextEntry(new JarEntry(namesAndContents[i]));
        j.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        j.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void fromAJarTheGluePackageAndTheFeaturesAreFolders() throws Exception {
    String glue = UnpackedScenarioLoader.GLUE;
    Path jar =
        jar(
            glue + "/",
            "",
            glue + "/Steps.class",
            "not really a class",
            "web4/features/",
            "",
            "web4/features/rtt/",
            "",
            "web4/features/rtt/frames.feature",
            "Feature: frames\n",
            "other/Thing.txt",
            "kept in the jar");
    try (URLClassLoader parent = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      ClassLoader loader = UnpackedScenarioLoader.make(parent);
      assertThat(loader).isNotSameAs(parent);

      List<URL> glueDirs = Collections.list(loader.getResources(glue));
      assertThat(glueDirs).singleElement().extracting(URL::getProtocol).isEqualTo("file");
      assertThat(Path.of(glueDirs.get(0).toURI()).resolve("Steps.class")).exists();

      List<URL> feature = Collections.list(loader.getResources("web4/features/rtt/frames.feature"));
      assertThat(feature).singleElement().extracting(URL::getProtocol).isEqualTo("file");
      try (InputStream in = feature.get(0).openStream()) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .isEqualTo("Feature: frames\n");
      }

      URL other = loader.getResource("other/Thing.txt");
      assertThat(other).isNotNull();
      assertThat(other.getProtocol()).isEqualTo("jar");
      assertThat(loader.getResource("web4/features/rtt/missing.feature")).isNull();
    }
  }

  @Test
  void fromClassFoldersNothingIsCopied() {
    ClassLoader own = UnpackedScenarioLoaderTest.class.getClassLoader();
    assertThat(UnpackedScenarioLoader.make(own)).isSameAs(own);
  }
}
