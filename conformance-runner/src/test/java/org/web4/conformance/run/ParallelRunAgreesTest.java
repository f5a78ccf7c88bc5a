package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.conformance.cli.ConformanceCommand;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.testing.ReferenceKitRun;

/**
 * {@code --jobs} changes no verdict (docs/adr/1103): the whole kit against the embedded reference
 * on four workers, each with a reference instance, stand-in web, wire judge and tester state of its
 * own, gives every case and every requirement exactly the verdict of the build's serial run of the
 * whole kit with the same seed ({@link ReferenceKitRun}), the cases in the same order.
 */
class ParallelRunAgreesTest {
  /** More workers than the build machine's two cores: the LIP and HCP real-time waits overlap. */
  private static final int JOBS = 4;

  @Test
  void fourWorkersGiveTheSerialRunsVerdicts(@TempDir Path dir) {
    RunResult serial = ReferenceKitRun.get().result();
    List<RunResult> finished = new ArrayList<>();
    StringWriter err = new StringWriter();

    int exit =
        ConformanceCommand.commandLine(finished::add)
            .setErr(new PrintWriter(err))
            .execute(
                "run",
                "--seed",
                Long.toString(ReferenceKitRun.SEED),
                "--jobs",
                Integer.toString(JOBS),
                "--report-dir",
                dir.toString());

    assertThat(exit).as(err.toString()).isEqualTo(ReferenceKitRun.get().exit());
    assertThat(finished).hasSize(1);
    RunResult parallel = finished.get(0);
    assertThat(parallel.cases())
        .extracting(CaseResult::id)
        .containsExactlyElementsOf(serial.cases().stream().map(CaseResult::id).toList());
    assertThat(outcomes(parallel)).isEqualTo(outcomes(serial));
    assertThat(requirementVerdicts(parallel)).isEqualTo(requirementVerdicts(serial));
    assertThat(parallel.summaryLine()).isEqualTo(serial.summaryLine());
    assertThat(parallel.coverage().summaryLine()).isEqualTo(serial.coverage().summaryLine());
    assertThat(parallel.profiles())
        .extracting(ProfileResult::line)
        .containsExactlyElementsOf(serial.profiles().stream().map(ProfileResult::line).toList());
  }

  private static Map<String, String> outcomes(RunResult run) {
    Map<String, String> out = new TreeMap<>();
    run.cases().forEach(c -> out.put(c.id(), c.outcome().name()));
    return out;
  }

  private static Map<String, String> requirementVerdicts(RunResult run) {
    Map<String, String> out = new TreeMap<>();
    for (RequirementCoverage.Entry e : run.coverage().entries()) {
      out.put(e.id(), e.verdict().name());
    }
    return out;
  }
}
