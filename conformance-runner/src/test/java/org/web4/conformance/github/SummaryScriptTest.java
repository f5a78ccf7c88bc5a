package org.web4.conformance.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.testing.KitFiles;

/**
 * The conformance claim of the action's job summary (summary.py), on hand-made reports for the
 * cases a quick real run cannot give: a run without a selection that exited 0 conforms; one that
 * exited 1 does not; exit 2 is an error whatever the report says; verdicts a report states per
 * profile are listed. (ConformanceActionTest runs the script on real reports.)
 */
class SummaryScriptTest {
  private static final Path SCRIPT =
      KitFiles.root().resolve(".github/actions/web4-conformance/summary.py");

  @TempDir Path dir;

  private String summary(String report, String... args) throws Exception {
    Path file = dir.resolve("report.json");
    Files.writeString(file, report, StandardCharsets.UTF_8);
    List<String> command = new ArrayList<>(List.of("python3", SCRIPT.toString()));
    int flags = args.length > 0 && args[0].startsWith("--") ? 1 : 0;
    command.addAll(List.of(args).subList(0, flags));
    command.add(file.toString());
    command.addAll(List.of(args).subList(flags, args.length));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("summary.py finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static final String FULL_RUN =
      "{\"header\": {\"target\": \"t\", \"profile\": \"full\", \"kit_version\": \"9\","
          + " \"implementation\": {\"name\": \"my agent\", \"version\": \"1.2\"}},"
          + " \"summary\": {\"total\": 2, \"passed\": 1, \"failed\": 1},"
          + " \"requirements\": [{\"id\": \"ENV-SIG-004\", \"level\": \"MUST\", \"verdict\": \"failed\","
          + " \"cases\": [\"v#2\"]}, {\"id\": \"ENV-SIG-001\", \"verdict\": \"passed\", \"cases\": []}],"
          + " \"cases\": [{\"id\": \"v#2\", \"outcome\": \"failed\", \"message\": \"accepted | a bad one\"}]}";

  @Test
  void aRunWithoutSelectionThatExitedZeroConforms() throws Exception {
    assertThat(summary(FULL_RUN, "0"))
        .startsWith("## Web4 conformance: my agent 1.2\n\n✅ **conforms** to profile full\n");
    assertThat(summary(FULL_RUN, "--verdict", "0")).isEqualTo("conforms\n");
  }

  @Test
  void aFailedRunNamesTheRequirementAndItsFirstFailingCheck() throws Exception {
    assertThat(summary(FULL_RUN, "1"))
        .contains("❌ **does not conform** to profile full (exit code 1: ")
        .contains("| ENV-SIG-004 (MUST) | ❌ failed | v#2: accepted \\| a bad one |")
        .contains("| ENV-SIG-001 | ✅ passed |");
    assertThat(summary(FULL_RUN, "--verdict", "1")).isEqualTo("failed\n");
    assertThat(summary(FULL_RUN, "--verdict", "2")).isEqualTo("error\n");
  }

  @Test
  void verdictsPerProfileAreListed() throws Exception {
    String report =
        FULL_RUN.replace(
            "{\"header\"",
            "{\"profiles\": {\"library\": {\"conforms\": true}, \"full\": {\"conforms\": false}},"
                + " \"header\"");
    assertThat(summary(report, "1"))
        .contains("- profile **library**: conforms\n- profile **full**: does not conform\n");
  }
}
