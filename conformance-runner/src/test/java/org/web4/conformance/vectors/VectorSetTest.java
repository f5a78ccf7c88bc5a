package org.web4.conformance.vectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Suite;
import org.web4.conformance.testing.KitFiles;
import org.web4.vectors.VectorManifest;
import picocli.CommandLine;

class VectorSetTest {

  @Test
  void bundledVectorsVerifyAndEveryTestIsItsOwnCase() throws Exception {
    VectorSet set = VectorSet.fromClasspath();

    assertThat(set.files())
        .extracting(VectorSet.VectorFileEntry::path)
        .contains("jcs/jcs_test.json");
    assertThat(set.manifestSha256()).matches("[0-9a-f]{64}");
    int total = 0;
    for (Suite suite : VectorSuiteFactory.suites(set)) {
      int declared =
          set.files().stream()
              .filter(f -> f.path().equals(suite.name()))
              .findFirst()
              .orElseThrow()
              .content()
              .path("numberOfTests")
              .asInt();
      assertThat(suite.checks()).hasSize(declared);
      total += declared;
    }
    assertThat(total)
        .isEqualTo(
            set.manifest().path("files").findValues("numberOfTests").stream()
                .mapToInt(n -> n.asInt())
                .sum());
    Check twelfth =
        VectorSuiteFactory.suites(set).stream()
            .filter(s -> s.name().equals("jcs/jcs_test.json"))
            .findFirst()
            .orElseThrow()
            .checks()
            .get(11);
    assertThat(twelfth.id()).isEqualTo("jcs/jcs_test.json#12");
    assertThat(twelfth.requirements()).isNotEmpty();
  }

  @Test
  void aFolderCopyVerifies(@TempDir Path tmp) throws Exception {
    VectorSet set = VectorSet.fromDirectory(KitFiles.copyVectors(tmp));

    assertThat(set.manifestSha256()).isEqualTo(VectorSet.fromClasspath().manifestSha256());
  }

  @Test
  void aFlippedByteIsRefusedNamingTheFile(@TempDir Path tmp) throws Exception {
    Path dir = KitFiles.copyVectors(tmp);
    flipByte(dir.resolve("envelope/envelope_test.json"), 200);

    assertThatThrownBy(() -> VectorSet.fromDirectory(dir))
        .isInstanceOf(VectorManifest.TamperedException.class)
        .hasMessageContaining("envelope/envelope_test.json");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        ConformanceCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int exit = cli.execute("vectors", "verify", dir.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("REFUSED").contains("envelope/envelope_test.json");
  }

  @Test
  void anAlteredManifestIsRefused(@TempDir Path tmp) throws Exception {
    Path dir = KitFiles.copyVectors(tmp);
    Path manifest = dir.resolve("MANIFEST.json");
    String original = Files.readString(manifest, java.nio.charset.StandardCharsets.UTF_8);
    // one file's test count, whatever it is, one higher: a change the signature must catch
    java.util.regex.Matcher count =
        java.util.regex.Pattern.compile("\"numberOfTests\" : ([0-9]+)").matcher(original);
    assertThat(count.find()).as("a numberOfTests in the manifest").isTrue();
    String altered =
        original.substring(0, count.start(1))
            + (Integer.parseInt(count.group(1)) + 1)
            + original.substring(count.end(1));
    Files.writeString(manifest, altered, java.nio.charset.StandardCharsets.UTF_8);

    assertThatThrownBy(() -> VectorSet.fromDirectory(dir))
        .isInstanceOf(VectorManifest.TamperedException.class)
        .hasMessageContaining("MANIFEST.json");
  }

  @Test
  void verifyCommandPrintsOk(@TempDir Path tmp) throws Exception {
    Path dir = KitFiles.copyVectors(tmp);
    StringWriter out = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setOut(new PrintWriter(out));

    assertThat(cli.execute("vectors", "verify", dir.toString())).isZero();
    assertThat(out.toString()).startsWith("OK");
  }

  private static void flipByte(Path file, int at) throws Exception {
    byte[] bytes = Files.readAllBytes(file);
    bytes[at] ^= 0x01;
    Files.write(file, bytes);
  }
}
