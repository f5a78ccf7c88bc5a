package org.web4.conformance.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.ReportWriter;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.target.TargetDescriptor;
import org.web4.conformance.testing.KitFiles;

/**
 * {@code web4-conformance run --profile robustness --target targets/python.json}: the second
 * implementation (web4py, a process the runner launches) withstands every attack, and the runner
 * reads its process's CPU time and memory from {@code /proc}. Bounded: the profile takes about 35
 * s, most of it the two slowloris attacks' waits. The report is kept in
 * conformance-runner/target/reports/python-robustness/. Needs python3 with the cryptography
 * package, as PythonImplementationTest does.
 */
class RobustnessAgainstLaunchedTargetsTest {

  @Test
  void web4pyWithstandsEveryAttack() throws Exception {
    RequirementCatalog catalog = RequirementCatalog.bundled();
    TargetDescriptor python = TargetDescriptor.read(KitFiles.root().resolve("targets/python.json"));
    RunResult result =
        new ConformanceRun(catalog, ProgressListener.NONE)
            .execute(
                new RunOptions(
                    python,
                    Profile.ROBUSTNESS,
                    20261207L,
                    null,
                    null,
                    null,
                    null,
                    false,
                    List.of("test", "--profile", "robustness")));
    ReportWriter.write(
        result,
        catalog,
        KitFiles.root().resolve("conformance-runner/target/reports/python-robustness"));
    List<CaseResult> attacks =
        result.cases().stream()
            .filter(c -> c.suite().equals(RobustnessSuiteFactory.SUITE))
            .toList();

    assertThat(attacks)
        .as(describe(attacks))
        .hasSize(RobustnessSuiteFactory.attacks().size())
        .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Outcome.PASSED));
    // every other check is not applicable in this profile: nothing else contacted web4py
    assertThat(result.cases())
        .filteredOn(c -> !c.suite().equals(RobustnessSuiteFactory.SUITE))
        .allSatisfy(c -> assertThat(c.outcome()).isEqualTo(Outcome.NOT_APPLICABLE));
    // a launched target: its process was observed
    assertThat(attacks).allSatisfy(c -> assertThat(c.message()).contains("before the attack:"));
    assertThat(result.profiles())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.profile()).isEqualTo(Profile.ROBUSTNESS);
              assertThat(p.verdict()).isEqualTo(ProfileResult.Verdict.CONFORMS);
            });
    assertThat(result.succeeded()).isTrue();
  }

  private static String describe(List<CaseResult> cases) {
    return cases.stream()
        .map(c -> c.id() + " " + c.outcome() + "\n" + c.message() + "\n" + c.detail())
        .collect(Collectors.joining("\n\n"));
  }
}
