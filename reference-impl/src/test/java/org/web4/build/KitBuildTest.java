package org.web4.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web4.cli.Web4Command;
import org.web4.harness.HarnessServer;

/**
 * The versions the build wrote into web4/kit-build.properties are those of the sources of truth,
 * read here independently of the build's Ant filters: the root POM, spec/VERSION, spec/README.md,
 * spec/harness.md (and the harness version the reference reports in {@code info}), and the SHA-256
 * of vectors/MANIFEST.json. So {@code web4 --version} cannot drift from them.
 */
class KitBuildTest {
  private static final Path ROOT = Path.of(System.getProperty("web4.kit.root", ".."));

  private static String read(String relative) throws Exception {
    return Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8);
  }

  private static String firstGroup(String regex, String text) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("%s found", regex).isTrue();
    return m.group(1);
  }

  @Test
  void everyValueComesFromItsSourceOfTruth() throws Exception {
    KitBuild build = KitBuild.current();

    String pom = read("pom.xml");
    assertThat(build.kitVersion())
        .isEqualTo(
            firstGroup("<artifactId>web4-conformance-kit</artifactId>\\s*<version>([^<]+)<", pom));
    assertThat(build.specVersion()).isEqualTo(read("spec/VERSION").strip());
    assertThat(build.protocols())
        .isEqualTo(
            firstGroup(
                    "^Protocol versions defined by this spec version: (.+)\\.$",
                    read("spec/README.md"))
                .replace("`", ""));
    String harness = firstGroup("harness version \\*\\*([0-9.]+)\\*\\*", read("spec/harness.md"));
    assertThat(build.harnessVersion()).isEqualTo(harness).isEqualTo(HarnessServer.HARNESS_VERSION);
    byte[] manifest = Files.readAllBytes(ROOT.resolve("vectors/MANIFEST.json"));
    assertThat(build.vectorsManifestSha256())
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest)));
  }

  @Test
  void web4VersionPrintsTheBuild() {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int exit;
    try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      exit = new picocli.CommandLine(new Web4Command()).execute("--version");
    } finally {
      System.setOut(original);
    }
    KitBuild build = KitBuild.current();
    assertThat(exit).isZero();
    assertThat(buffer.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "web4 " + build.kitVersion(),
            "spec " + build.specVersion() + " (" + build.protocols() + ")",
            "harness " + build.harnessVersion(),
            "vectors manifest sha256 " + build.vectorsManifestSha256());
  }
}
