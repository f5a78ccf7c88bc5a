package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.testing.LenientHarness;
import org.web4.conformance.testing.TargetFiles;

/**
 * {@code run --target A --target B} and {@code compare}, through the CLI with real targets: the
 * lenient miniature (accepts every envelope) over its harness, and the reference started as a
 * separate process. Only ENV-SIG-004's checks run (a few seconds each). Proves: each target reports
 * into its own folder named after its file, the run exits 1 because one target failed, and the
 * comparison page puts ENV-SIG-004 (failed against passed) and RTT-ERR-003 (not applicable to the
 * miniature without RTT, against passed) first with the failing cases, the agreeing requirements
 * after it; {@code compare} makes the same page from the two folders; bad input is one line and
 * exit 2.
 */
class SeveralImplementationsTest {
  @TempDir static Path dir;
  private static LenientHarness lenient;
  private static Path lenientFile;
  private static Path referenceFile;
  private static int exit;
  private static String console = "";

  @BeforeAll
  static void runBothTargets() throws Exception {
    lenient = new LenientHarness();
    lenientFile =
        TargetFiles.connect(
            dir.resolve("lenient.json"), "lenient", lenient.url(), LenientHarness.TOKEN);
    referenceFile = TargetFiles.referenceProcess(dir.resolve("reference.json"), "reference");
    StringWriter err = new StringWriter();
    exit =
        cli(err)
            .execute(
                "run",
                "--target",
                lenientFile.toString(),
                "--target",
                referenceFile.toString(),
                "--requirement",
                "ENV-SIG-004",
                "--seed",
                "9",
                "--report-dir",
                dir.resolve("reports").toString());
    console = err.toString();
  }

  @AfterAll
  static void stop() {
    lenient.close();
  }

  @Test
  void eachTargetReportsIntoItsOwnFolderAndTheRunFails() {
    assertThat(exit).as(console).isEqualTo(ExitCodes.FAILED);
    assertThat(dir.resolve("reports/lenient/report.json")).isRegularFile();
    assertThat(dir.resolve("reports/reference/report.json")).isRegularFile();
    assertThat(console)
        .contains("target 1 of 2: " + lenientFile)
        .contains("target 2 of 2: " + referenceFile)
        .contains("requirements, 2 differ between lenient 0 and web4-reference");
  }

  @Test
  void theComparisonPutsTheDifferenceFirst() throws Exception {
    String html = Files.readString(dir.resolve("reports/comparison.html"), StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("<script").doesNotContainPattern("(src|href)=\"https?://");
    int differences = html.indexOf("id=\"differences\"");
    int same = html.indexOf("id=\"same\"");
    int row = html.indexOf("<tr id=\"ENV-SIG-004\">");
    assertThat(differences).isPositive().isLessThan(row);
    assertThat(row).isLessThan(same);
    String difference = html.substring(row, html.indexOf("</tr>", row));
    assertThat(difference)
        .contains("<td class=\"failed\">failed")
        .contains("<td class=\"passed\">passed")
        .contains("ed25519/ed25519_verify_test.json#");
    assertThat(html.substring(same)).contains("<tr id=\"CIP-HS-001\">").contains("not selected");

    String md = Files.readString(dir.resolve("reports/comparison.md"), StandardCharsets.UTF_8);
    // ENV-SIG-004 failed against passed; RTT-ERR-003 not applicable (the miniature has no RTT)
    assertThat(md).contains("## Differences (2)").contains("| `RTT-ERR-003` | not applicable |");
    String mdRow =
        md.lines().filter(l -> l.startsWith("| `ENV-SIG-004` |")).findFirst().orElseThrow();
    assertThat(mdRow).contains("| failed<br>`").contains("| passed |");
    assertThat(md.indexOf(mdRow)).isLessThan(md.indexOf("<details>"));
  }

  @Test
  void compareMakesThePageFromTheReportFolders() throws Exception {
    Path out = dir.resolve("compared");
    StringWriter err = new StringWriter();
    int code =
        cli(err)
            .execute(
                "compare",
                dir.resolve("reports/reference").toString(),
                dir.resolve("reports/lenient/report.json").toString(),
                "--out",
                out.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).contains("2 differ between web4-reference");
    String html = Files.readString(out.resolve("comparison.html"), StandardCharsets.UTF_8);
    // columns in the order given: the reference first this time
    assertThat(html.indexOf("<td class=\"passed\">passed", html.indexOf("<tr id=\"ENV-SIG-004\">")))
        .isLessThan(html.indexOf("<td class=\"failed\">failed"));
    assertThat(out.resolve("comparison.md")).isRegularFile();
  }

  @Test
  void compareRefusesWhatIsNotAReportInOneLine() throws Exception {
    Path notAReport = dir.resolve("not-a-report.json");
    Files.writeString(notAReport, "{\"hello\":1}", StandardCharsets.UTF_8);
    StringWriter err = new StringWriter();
    int code =
        cli(err)
            .execute(
                "compare",
                dir.resolve("reports/reference").toString(),
                notAReport.toString(),
                "--out",
                dir.resolve("x").toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().strip())
        .isEqualTo(
            "web4-conformance: "
                + notAReport
                + ": not a web4-conformance report.json (no report_version or requirements)");

    StringWriter one = new StringWriter();
    assertThat(cli(one).execute("compare", dir.resolve("reports/reference").toString()))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(one.toString()).contains("REPORT");
  }

  @Test
  void twoTargetFilesOfOneNameAreRefusedBeforeAnyRun() throws Exception {
    Path other = Files.createDirectories(dir.resolve("other")).resolve("lenient.json");
    Files.copy(lenientFile, other);
    StringWriter err = new StringWriter();
    int code =
        cli(err)
            .execute(
                "run",
                "--target",
                lenientFile.toString(),
                "--target",
                other.toString(),
                "--report-dir",
                dir.resolve("clash").toString());
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString()).contains("would both report into").contains("rename one");
    assertThat(dir.resolve("clash/lenient")).doesNotExist();
  }

  private static picocli.CommandLine cli(StringWriter err) {
    return ConformanceCommand.commandLine().setErr(new PrintWriter(err));
  }
}
