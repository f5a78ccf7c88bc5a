package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.web4.conformance.run.KitVersion;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.testing.KitFiles;
import org.web4.conformance.vectors.VectorSet;
import picocli.CommandLine;

/**
 * {@code web4-conformance --version} states what the runner actually runs with: the kit version of
 * its report header, the spec version of the requirement catalog it checks, the harness version of
 * the spec/harness.md bundled with it, and the manifest hash the report records for the bundled
 * vectors. (reference-impl's {@code KitBuildTest} compares the same build values with the source
 * files.)
 */
class VersionOptionTest {
  @Test
  void versionNamesWhatTheRunnerChecks() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));

    int exit = cli.execute("--version");

    Matcher harness =
        Pattern.compile("harness version \\*\\*([0-9.]+)\\*\\*")
            .matcher(
                Files.readString(
                    KitFiles.root().resolve("spec/harness.md"), StandardCharsets.UTF_8));
    assertThat(harness.find()).isTrue();
    assertThat(exit).isZero();
    assertThat(out.toString().lines())
        .hasSize(4)
        .satisfies(
            lines -> {
              assertThat(lines.get(0)).isEqualTo("web4-conformance " + KitVersion.get());
              assertThat(lines.get(1))
                  .startsWith("spec " + RequirementCatalog.bundled().specVersion() + " (RTT ");
              assertThat(lines.get(2)).isEqualTo("harness " + harness.group(1));
              assertThat(lines.get(3))
                  .isEqualTo(
                      "vectors manifest sha256 " + VectorSet.fromClasspath().manifestSha256());
            });
  }
}
