package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Validation before running, through the real CLI: {@code run --dry-run --features DIR} and {@code
 * list --features DIR} report every problem of the user's features at once — a Gherkin syntax error
 * with line and column, an undefined step with the closest step of the library, an ID-shaped tag
 * the spec does not define and a tag that is no area tag — and exit 2 without starting a target (no
 * report is written); fixed features dry-run to the list of checks that would run, exit 0. No
 * implementation is contacted: a second at most.
 */
class DryRunCliTest {
  @TempDir Path dir;

  private record Run(int exit, String out, List<String> err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli =
        ConformanceCommand.commandLine()
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString().lines().toList());
  }

  private Path features(String signedStep, String tags) throws Exception {
    Path features = Files.createDirectories(dir.resolve("features"));
    Files.writeString(
        features.resolve("mine.feature"),
        """
        Feature: mine
          Background:
            Given the envelope "e" is a valid cip INTENT from "alice" to "bob"

          %s
          Scenario: signed
            Given %s
            When the implementation verifies "e"
            Then the verdict is valid
        """
            .formatted(tags, signedStep),
        StandardCharsets.UTF_8);
    return features;
  }

  @Test
  void everyProblemOfTheUsersFeaturesAtOnce() throws Exception {
    Path features = features("\"e\" is signd by \"alice\"", "@ENV-SIG-099 @wip");
    Path broken = Files.createDirectories(features.resolve("sub")).resolve("broken.feature");
    Files.writeString(
        broken,
        "Feature: broken\n  Scenario: one\n    Given \"e\" is signed by \"alice\"\n  Scenari: two\n",
        StandardCharsets.UTF_8);
    Path mine = features.resolve("mine.feature");
    Path reports = dir.resolve("reports");

    Run dryRun =
        run(
            "run",
            "--dry-run",
            "--features",
            features.toString(),
            "--report-dir",
            reports.toString());
    Run list = run("list", "--features", features.toString());

    assertThat(dryRun.exit()).isEqualTo(2);
    assertThat(dryRun.err())
        .containsExactly(
            mine
                + ":5:3: unknown tag @ENV-SIG-099: spec 0.4.0 has no such requirement; did you mean"
                + " ENV-SIG-001, ENV-SIG-002 or ENV-SIG-003?",
            mine
                + ":5:16: warning: tag @wip is neither a requirement ID of spec 0.4.0 nor an area"
                + " tag: it only selects scenarios with --tags (area tags: @canonicalize, @cip,"
                + " @clock, @clock-hold, @core, @events, @hcp, @lip, @mesh, @rtt, @rtt-dial-resume,"
                + " @rtt-resume, @rtt-send,"
                + " @sign-envelope, @sign-raw, @slow, @verify-envelope, @verify-raw); did you mean"
                + " @cip or @lip?",
            mine
                + ":7: undefined step \"Given \"e\" is signd by \"alice\"\"; did you mean"
                + " \"{string} is signed by {string}\"?",
            broken
                + ":4:3: Gherkin syntax error: expected: #EOF, #TableRow, #DocStringSeparator,"
                + " #StepLine, #TagLine, #ExamplesLine, #ScenarioLine, #RuleLine, #Comment, #Empty,"
                + " got 'Scenari: two'",
            "web4-conformance: 3 errors in --features " + features + "; nothing was run");
    assertThat(reports.resolve("report.json")).doesNotExist();
    assertThat(list.exit()).isEqualTo(2);
    assertThat(list.err()).isEqualTo(dryRun.err());
    assertThat(list.out()).isEmpty();
  }

  @Test
  void validFeaturesDryRunToTheChecksThatWouldRun() throws Exception {
    Path features = features("\"e\" is signed by \"alice\"", "@ENV-SIG-001 @rtt");

    Run dryRun =
        run(
            "run",
            "--dry-run",
            "--features",
            features.toString(),
            "--report-dir",
            dir.resolve("reports").toString(),
            "--check",
            "user-features");
    Run list = run("list", "--features", features.toString());

    assertThat(dryRun.exit()).as(String.join("\n", dryRun.err())).isZero();
    assertThat(dryRun.out()).isEqualTo("user-features/mine.feature:6\n");
    assertThat(dryRun.err().get(0)).startsWith("web4-conformance: dry run: 1 checks against ");
    assertThat(list.exit()).isZero();
    assertThat(list.out()).contains("  user-features/mine.feature:6\n");
    // the scenario by the path the user knows
    Run byPath =
        run(
            "run",
            "--dry-run",
            "--features",
            features.toString(),
            "--report-dir",
            dir.resolve("reports").toString(),
            "--check",
            features.resolve("mine.feature") + ":6");
    assertThat(byPath.exit()).as(String.join("\n", byPath.err())).isZero();
    assertThat(byPath.out()).isEqualTo("user-features/mine.feature:6\n");
  }

  /**
   * A tag of the user's own ({@code @wip}) is a warning, not an error: the features still run, and
   * {@code --tags @wip} selects by it.
   */
  @Test
  void aTagOfTheUsersOwnIsAWarningAndSelects() throws Exception {
    Path features = features("\"e\" is signed by \"alice\"", "@ENV-SIG-001 @wip");

    Run dryRun =
        run(
            "run",
            "--dry-run",
            "--features",
            features.toString(),
            "--report-dir",
            dir.resolve("reports").toString(),
            "--tags",
            "@wip",
            "--kind",
            "scenario");

    assertThat(dryRun.exit()).as(String.join("\n", dryRun.err())).isZero();
    assertThat(dryRun.err().get(0))
        .startsWith(features.resolve("mine.feature") + ":5:16: warning: tag @wip is neither");
    assertThat(dryRun.out()).isEqualTo("user-features/mine.feature:6\n");
  }
}
