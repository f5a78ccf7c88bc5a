package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.testing.AfterTheOtherClasses;
import org.web4.conformance.testing.ReferenceKitRun;
import org.web4.conformance.testing.ServeMain;
import org.web4.conformance.vectors.VectorSet;

/**
 * The embedded reference and the reference launched as a separate process through a target file
 * give the same verdict on every case; a user's own feature folder runs besides the bundled
 * scenarios.
 */
@AfterTheOtherClasses
class TargetsAgreeTest {

  /**
   * Every vector, harness and property check, and the 61 scenarios of these tags: each area (RTT
   * both roles, CIP, HCP, LIP, events) and each harness operation the process target must carry
   * over HTTP (rtt/dial, clock/advance, clock/hold, state/local, human/*, events). The whole kit
   * against the process target would add a minute to the build for no other difference between the
   * targets.
   */
  private static final String AGREE_TAGS =
      "@HAR-CLK-001 or @HAR-CLK-002 or @HAR-CIP-002 or @HAR-HCP-005 or @HAR-EVT-001 or @LIP-FET-001"
          + " or @HAR-RTT-001";

  /**
   * The process target's verdicts on these cases equal the embedded reference's on the same cases
   * in the build's whole-kit run ({@link ReferenceKitRun}, same seed; docs/adr/1102): a second
   * embedded run of the selection would give the embedded side's verdicts again.
   */
  @Test
  void embeddedAndProcessTargetsGiveTheSameVerdicts() throws Exception {
    RunOptions process =
        new RunOptions(
            processDescriptor(),
            null,
            ReferenceKitRun.SEED,
            null,
            AGREE_TAGS,
            null,
            null,
            false,
            List.of());
    RunResult first = ReferenceKitRun.get().result();
    RunResult second = run(process);
    Map<String, Outcome> b = verdicts(second);
    Set<String> selected = selectedIds(process);
    Map<String, Outcome> a = new TreeMap<>(verdicts(first));
    a.keySet().retainAll(selected);
    assertThat(b.keySet()).isEqualTo(selected).isEqualTo(a.keySet());
    assertThat(b).as(() -> disagreements(first, second)).isEqualTo(a);
    assertThat(a.values())
        .as(() -> disagreements(first, second))
        .containsOnly(Outcome.PASSED, Outcome.SKIPPED); // SKIPPED: the --slow check
    assertThat(a.keySet()).filteredOn(id -> id.startsWith("features/")).hasSize(61);
  }

  @Test
  void userFeaturesRunBesidesTheBundledOnes(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("mine.feature"),
        """
        Feature: my own checks
          @ENV-TIME-002
          Scenario: a clock exactly 300 seconds behind is fine
            Given the envelope "e" is a valid cip INTENT from "carol" to "dave"
            And "e" is signed by "carol"
            And the receiver's clock is -300 seconds ahead of the envelope
            When the implementation verifies "e"
            Then the verdict is valid
        """,
        StandardCharsets.UTF_8);
    RunOptions options =
        new RunOptions(null, null, 5, null, "@ENV-TIME-002", 5, dir, false, List.of());
    RunResult result = run(options);
    List<String> mine = new ArrayList<>();
    for (CaseResult c : result.cases()) {
      if (c.id().startsWith("user-features/")) {
        mine.add(c.id() + " " + c.outcome());
      }
    }
    assertThat(mine).containsExactly("user-features/mine.feature:3 PASSED");
    assertThat(result.cases())
        .filteredOn(c -> c.id().startsWith("features/"))
        .allMatch(c -> c.requirements().contains("ENV-TIME-002"), "selected by --tags");
  }

  private static RunResult run(RunOptions options) throws Exception {
    return new ConformanceRun(RequirementCatalog.bundled(), ProgressListener.NONE).execute(options);
  }

  /** The IDs of the checks a run with {@code options} runs, listed without running anything. */
  private static Set<String> selectedIds(RunOptions options) throws Exception {
    Set<String> ids = new TreeSet<>();
    new ConformanceRun(RequirementCatalog.bundled(), ProgressListener.NONE)
        .suites(VectorSet.fromClasspath(), options)
        .forEach(s -> s.checks().forEach(c -> ids.add(c.id())));
    return ids;
  }

  /**
   * Each case of the process run that the two runs judged differently, or that did not pass, with
   * both messages.
   */
  private static String disagreements(RunResult embedded, RunResult process) {
    Map<String, CaseResult> other = new TreeMap<>();
    embedded.cases().forEach(c -> other.put(c.id(), c));
    StringBuilder out = new StringBuilder("cases judged differently or not passed:");
    for (CaseResult p : process.cases()) {
      CaseResult c = other.get(p.id());
      if (c == null) {
        out.append("\n").append(p.id()).append("\n  embedded: (not run)");
        continue;
      }
      boolean same = p.outcome() == c.outcome();
      if (same && (c.outcome() == Outcome.PASSED || c.outcome() == Outcome.SKIPPED)) {
        continue;
      }
      out.append("\n").append(c.id()).append("\n  embedded: ").append(c.outcome());
      out.append(' ').append(c.message());
      out.append("\n  process:  ");
      out.append(p.outcome()).append(' ').append(p.message());
    }
    return out.toString();
  }

  private static Map<String, Outcome> verdicts(RunResult result) {
    Map<String, Outcome> out = new TreeMap<>();
    result.cases().forEach(c -> out.put(c.id(), c.outcome()));
    return out;
  }

  private static TargetDescriptor processDescriptor() {
    return ServeMain.descriptor(List.of());
  }
}
