package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.testing.AfterTheOtherClasses;
import org.web4.conformance.testing.KitRunInBackground;
import org.web4.conformance.testing.ParallelKitRun;
import org.web4.conformance.testing.ReferenceKitRun;

/**
 * {@code --jobs} changes no verdict (docs/adr/1103): the whole kit against the embedded reference
 * on four workers ({@link ParallelKitRun}), each with a reference instance, stand-in web, wire
 * judge and tester state of its own, gives every case and every requirement exactly the verdict of
 * the build's serial run of the whole kit with the same seed ({@link ReferenceKitRun}), the cases
 * in the same order.
 */
@AfterTheOtherClasses
class ParallelRunAgreesTest {
  @Test
  void fourWorkersGiveTheSerialRunsVerdicts() {
    RunResult serial = ReferenceKitRun.get().result();
    // started when the test plan began (SharedRunsEarly), beside the serial run
    KitRunInBackground.Finished run = ParallelKitRun.get();

    assertThat(run.exit()).as(run.console()).isEqualTo(ReferenceKitRun.get().exit());
    RunResult parallel = run.result();
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
